package plan

import (
	"math/big"
	"slices"
)

// Levels of the production index's basket.
const (
	LevelProduct  = "product"
	LevelIndustry = "industry"
	LevelGroup    = "group"
)

// IndexItem is one node of the production index's basket for a base year:
// a product (with the unit its quantities are reported in, weighted by its
// base-year production value), a 4-digit industry (weighted by its
// base-year value added) or the group at the top.
type IndexItem struct {
	BaseYear int    `json:"base_year"`
	Code     string `json:"code"`
	Parent   string `json:"parent"`
	Level    string `json:"level"`
	NameVI   string `json:"name_vi"`
	NameEN   string `json:"name_en"`
	Unit     string `json:"unit,omitempty"`
	// Weight in đồng: base-year production value (products) or value added
	// (industries); the group's is unused.
	Weight int64 `json:"weight"`
}

// Quantities are one product's quantities in two years, summed over the
// enterprises that reported it in both (a matched sample), in the
// basket's unit.
type Quantities struct {
	Q0, Q1      int64
	Enterprises int64
}

// IndexNode is the index of one basket node with the inputs behind it, so
// that a page can show how the number came about.
type IndexNode struct {
	Item IndexItem `json:"item"`
	// Q0 and Q1 are the product's quantities (products only).
	Q0          int64 `json:"q0,omitempty"`
	Q1          int64 `json:"q1,omitempty"`
	Enterprises int64 `json:"enterprises,omitempty"`
	// Index is the node's index (previous year = 100): q1/q0 × 100 for a
	// product, the weighted mean of its children's indices otherwise.
	// No data when no child has data.
	Index Value `json:"-"`
	// WeightUsed is the sum of the weights of the children with data.
	WeightUsed int64       `json:"weight_used,omitempty"`
	Children   []IndexNode `json:"children,omitempty"`
}

// ComputeIndex computes the fixed-weight Laspeyres volume index the way
// the statistics office does (DOMAIN.md): a product's index is q1/q0 ×
// 100; an industry's is the mean of its products' indices weighted by
// their base-year production values; the group's is the mean of its
// industries' weighted by their base-year value added. A node whose
// children have no data is left out of its parent's mean, whose weights
// are then those of the children that have. basket must hold one node of
// level "group" (the root); q gives the quantities by product code.
func ComputeIndex(basket []IndexItem, q map[string]Quantities) IndexNode {
	children := map[string][]IndexItem{}
	var root IndexItem
	for _, it := range basket {
		if it.Level == LevelGroup && it.Parent == "" {
			root = it
			continue
		}
		children[it.Parent] = append(children[it.Parent], it)
	}
	for _, cs := range children {
		slices.SortFunc(cs, func(a, b IndexItem) int {
			if a.Code < b.Code {
				return -1
			}
			if a.Code > b.Code {
				return 1
			}
			return 0
		})
	}
	var build func(it IndexItem, depth int) IndexNode
	build = func(it IndexItem, depth int) IndexNode {
		n := IndexNode{Item: it}
		if it.Level == LevelProduct {
			x := q[it.Code]
			n.Q0, n.Q1, n.Enterprises = x.Q0, x.Q1, x.Enterprises
			if x.Q0 > 0 {
				n.Index = Value{new(big.Rat).Mul(big.NewRat(x.Q1, x.Q0), big.NewRat(100, 1))}
			}
			return n
		}
		if depth > 8 { // a cycle in bad data; stop rather than recurse for ever
			return n
		}
		sum := new(big.Rat)
		var weights int64
		for _, c := range children[it.Code] {
			cn := build(c, depth+1)
			n.Children = append(n.Children, cn)
			if !cn.Index.Known() || c.Weight <= 0 {
				continue
			}
			sum.Add(sum, new(big.Rat).Mul(cn.Index.r, new(big.Rat).SetInt64(c.Weight)))
			weights += c.Weight
		}
		if weights > 0 {
			n.Index = Value{sum.Quo(sum, new(big.Rat).SetInt64(weights))}
			n.WeightUsed = weights
		}
		return n
	}
	return build(root, 0)
}
