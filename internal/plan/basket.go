package plan

import (
	"context"
	"slices"

	"cnht/internal/actor"
	"cnht/internal/apperr"
	"cnht/internal/audit"
	"cnht/internal/db"
)

// basketFor returns the index basket that applies to year: the one with
// the latest base year not after it, else the earliest. Empty when no
// basket was loaded.
func basketFor(ctx context.Context, q db.Querier, year int) ([]IndexItem, error) {
	base, err := baseYearFor(ctx, q, year)
	if err != nil {
		return nil, err
	}
	return loadBasket(ctx, q, base)
}

// baseYearFor is the base year of the basket that applies to year (0 when
// there is none).
func baseYearFor(ctx context.Context, q db.Querier, year int) (int, error) {
	var base int
	err := q.QueryRowContext(ctx, `SELECT COALESCE((SELECT MAX(base_year) FROM index_items WHERE base_year <= $1), (SELECT MIN(base_year) FROM index_items), 0)`, year).Scan(&base)
	return base, apperr.Wrap(err, "index basket year")
}

func loadBasket(ctx context.Context, q db.Querier, base int) ([]IndexItem, error) {
	rows, err := q.QueryContext(ctx, `SELECT base_year, code, parent_code, level, name_vi, name_en, unit, weight FROM index_items WHERE base_year = $1 ORDER BY code`, base)
	if err != nil {
		return nil, apperr.Wrap(err, "index basket")
	}
	defer rows.Close()
	var out []IndexItem
	for rows.Next() {
		var it IndexItem
		if err := rows.Scan(&it.BaseYear, &it.Code, &it.Parent, &it.Level, &it.NameVI, &it.NameEN, &it.Unit, &it.Weight); err != nil {
			return nil, apperr.Wrap(err, "scan basket item")
		}
		out = append(out, it)
	}
	return out, apperr.Wrap(rows.Err(), "index basket")
}

// Basket returns the index basket that applies to year. Everyone: the
// weights are published with the index.
func (s *Service) Basket(ctx context.Context, year int) ([]IndexItem, error) {
	return basketFor(ctx, s.db, year)
}

// SetBasket replaces the basket of a base year. Admins. The basket must
// have one group at the top, industries under it and products under the
// industries, every product with a reportable unit and every weight
// positive.
func (s *Service) SetBasket(ctx context.Context, baseYear int, items []IndexItem) error {
	if _, err := actor.Require(ctx, actor.Admin); err != nil {
		return err
	}
	var v apperr.Validation
	checkYear(&v, "base_year", baseYear)
	levels := map[string]string{}
	groups := 0
	for _, it := range items {
		levels[it.Code] = it.Level
		if it.Level == LevelGroup {
			groups++
		}
	}
	if groups != 1 {
		v.Add("items", "plan.basket_one_group")
	}
	for i, it := range items {
		field := "items." + itoa(i)
		want := map[string]string{LevelIndustry: LevelGroup, LevelProduct: LevelIndustry}[it.Level]
		switch {
		case it.Code == "":
			v.Add(field+".code", "field.required")
		case !slices.Contains([]string{LevelGroup, LevelIndustry, LevelProduct}, it.Level):
			v.Add(field+".level", "field.choose")
		case it.Level != LevelGroup && levels[it.Parent] != want:
			v.Add(field+".parent", "plan.basket_parent")
		case it.Level == LevelProduct && unitFactors[it.Unit].factor == 0:
			v.Add(field+".unit", "field.choose")
		case it.Level != LevelGroup && it.Weight <= 0:
			v.Add(field+".weight", "plan.weight_positive")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(tx *db.Tx) error { return setBasket(ctx, tx, baseYear, items) })
}

func setBasket(ctx context.Context, tx *db.Tx, baseYear int, items []IndexItem) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM index_items WHERE base_year = $1`, baseYear); err != nil {
		return apperr.Wrap(err, "replace basket")
	}
	for _, it := range items {
		if it.Level == LevelGroup {
			it.Parent = ""
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO index_items (base_year, code, parent_code, level, name_vi, name_en, unit, weight) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			baseYear, it.Code, it.Parent, it.Level, it.NameVI, it.NameEN, it.Unit, it.Weight); err != nil {
			return apperr.Wrap(err, "save basket item")
		}
	}
	return audit.Record(ctx, tx, audit.Change{Entity: "index_basket", EntityID: int64(baseYear), Action: "replace", After: audit.Fields{"items": len(items)}})
}
