package web

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"cnht/internal/actor"
	"cnht/internal/audit"
	"cnht/internal/enterprise"
)

// HistoryItem is one audit entry as a person reads it on a timeline: the
// fields by their labels, values in the reader's language and formats,
// internal columns (ids, hashes) left out.
type HistoryItem struct {
	At      time.Time
	Actor   string
	IP      string
	Action  string // the i18n key of the action
	Entity  string // the i18n key of what changed ("" for the page's own entity)
	Changes []FieldChange
}

// FieldChange is one field of an entry; Before is empty for a creation.
type FieldChange struct {
	Label, Before, After string
}

// hiddenFields are kept in the trail for integrity but say nothing to a
// reader.
var hiddenFields = map[string]bool{
	"enterprise_id": true, "document_id": true, "org_id": true, "claim_id": true, "sha256": true,
	"content_type": true, "name_key": true, "search_fold": true, "first_id": true, "last_id": true, "ids": true,
	"password_hash": true, "created_at": true, "updated_at": true,
}

// codeLists names the registry's code list behind a coded field.
var codeLists = map[string]func() []enterprise.Choice{
	"status": enterprise.StatusChoices, "size_class": enterprise.SizeChoices, "key_sectors": enterprise.KeySectorChoices,
	"industries": enterprise.IndustryChoices, "legal_form": enterprise.LegalFormChoices, "ownership": enterprise.OwnershipChoices,
	"supplier_tier": enterprise.TierChoices, "verified": enterprise.FieldGroupChoices, "unverified": enterprise.FieldGroupChoices,
	"sector_group": enterprise.SectorGroupChoices,
}

// registryEntities are labelled with the registry's field names.
var registryEntities = map[string]bool{"enterprise": true, "certification": true, "document": true, "claim": true}

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// historyNames resolves catalogue ids and ward codes to names, loaded
// once per page.
type historyNames struct {
	standards, products, processes map[string]enterprise.Choice
	wards                          map[string]string
}

func (s *Server) historyNames(ctx context.Context) historyNames {
	n := historyNames{standards: map[string]enterprise.Choice{}, products: map[string]enterprise.Choice{}, processes: map[string]enterprise.Choice{}, wards: map[string]string{}}
	if s.Registry == nil {
		return n
	}
	if list, err := s.Registry.Standards(ctx, true); err == nil {
		for _, x := range list {
			n.standards[strconv.FormatInt(x.ID, 10)] = enterprise.Choice{Code: x.Code, NameVI: x.Name, NameEN: x.Name}
		}
	}
	if list, err := s.Registry.Products(ctx, true); err == nil {
		for _, x := range list {
			n.products[strconv.FormatInt(x.ID, 10)] = enterprise.Choice{Code: x.Code, NameVI: x.NameVI, NameEN: x.NameEN}
		}
	}
	if list, err := s.Registry.Processes(ctx, true); err == nil {
		for _, x := range list {
			n.processes[strconv.FormatInt(x.ID, 10)] = enterprise.Choice{Code: x.Code, NameVI: x.NameVI, NameEN: x.NameEN}
		}
	}
	for _, w := range s.Registry.Wards() {
		n.wards[w.Code] = w.Name
	}
	return n
}

// historyItems turns audit entries into timeline items in b's language.
func (s *Server) historyItems(ctx context.Context, b Base, own string, entries []audit.Entry) []HistoryItem {
	if len(entries) == 0 {
		return nil
	}
	names := s.historyNames(ctx)
	// Where a change came from is for the office, not for the enterprise.
	showIP := b.Role == actor.Officer || b.Role == actor.Admin
	out := make([]HistoryItem, 0, len(entries))
	for _, e := range entries {
		it := HistoryItem{At: e.At, Actor: e.ActorLabel, Action: "audit.action." + e.Action}
		if showIP {
			it.IP = e.IP
		}
		if e.Entity != own {
			it.Entity = "history.entity." + e.Entity
		}
		keys := make([]string, 0, len(e.After)+len(e.Before))
		for k := range e.After {
			keys = append(keys, k)
		}
		for k := range e.Before {
			if _, ok := e.After[k]; !ok {
				keys = append(keys, k)
			}
		}
		for _, k := range keys {
			if hiddenFields[k] {
				continue
			}
			before, hadBefore := e.Before[k]
			after := e.After[k]
			c := FieldChange{Label: s.fieldLabel(b.Lang, e.Entity, k), After: s.historyValue(b, names, e.Entity, k, after)}
			if hadBefore {
				c.Before = s.historyValue(b, names, e.Entity, k, before)
			}
			// A creation lists what was filled in, not every empty field
			// or unticked box.
			if c.Before == "" && (c.After == "" || (!hadBefore && (after == false || after == 0.0))) {
				continue
			}
			it.Changes = append(it.Changes, c)
		}
		slices.SortStableFunc(it.Changes, func(x, y FieldChange) int { return strings.Compare(x.Label, y.Label) })
		out = append(out, it)
	}
	return out
}

// fieldLabel finds a field's label: the entity's own, then the shared
// form labels, then the history's; the raw name is the last resort (and
// a test keeps the registry's fields from reaching it).
func (s *Server) fieldLabel(lang, entity, field string) string {
	p := s.Bundle.Printer(lang)
	keys := []string{"history.field." + field, "field." + field + "_label"}
	if registryEntities[entity] {
		keys = append([]string{"enterprise.field." + field}, keys...)
	}
	for _, key := range keys {
		if s.Bundle.Has(lang, key) {
			return p.T(key)
		}
	}
	return field
}

// historyValue renders one stored value; "" means empty.
func (s *Server) historyValue(b Base, names historyNames, entity, field string, v any) string {
	lang := b.Lang
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		if x {
			return b.P.T("common.yes")
		}
		return b.P.T("common.no")
	case float64:
		n := int64(x)
		if n == 0 && (strings.HasSuffix(field, "_vnd") || field == "employees" || field == "founded_year" || field == "revenue_year") {
			return ""
		}
		switch {
		case strings.HasSuffix(field, "_vnd"):
			return b.P.Money(n)
		case field == "standard_id":
			if c, ok := names.standards[strconv.FormatInt(n, 10)]; ok {
				return c.Name(lang)
			}
		case field == "founded_year" || field == "revenue_year":
			return strconv.FormatInt(n, 10)
		case field == "size":
			return b.P.Int(n) + " B"
		}
		return b.P.Int(n)
	case string:
		if x == "" {
			return ""
		}
		if entity == "claim" && field == "status" {
			return b.P.T("claim.status." + x)
		}
		if entity == "document" && field == "kind" {
			return b.P.T("history.document_kind." + x)
		}
		if f, ok := codeLists[field]; ok {
			return choiceOf(f(), x, lang)
		}
		if field == "ward_code" {
			if n, ok := names.wards[x]; ok {
				return n
			}
		}
		if field == "password" {
			return b.P.T("history.password_changed")
		}
		if field == "role" {
			return b.P.T("role." + x)
		}
		if isoDate.MatchString(x) {
			if t, err := time.Parse(time.DateOnly, x); err == nil {
				return b.P.Date(t)
			}
		}
		return x
	case []any:
		parts := make([]string, 0, len(x))
		for _, el := range x {
			var s string
			switch field {
			case "product_ids":
				s = names.products[fmt.Sprint(el)].Name(lang)
			case "process_ids":
				s = names.processes[fmt.Sprint(el)].Name(lang)
			case "customers":
				if m, ok := el.(map[string]any); ok {
					s = fmt.Sprint(m["name"])
					if c, _ := m["country"].(string); c != "" {
						s += " (" + c + ")"
					}
				}
			default:
				if f, ok := codeLists[field]; ok {
					s = choiceOf(f(), fmt.Sprint(el), lang)
				} else {
					s = fmt.Sprint(el)
				}
			}
			if s == "" {
				s = fmt.Sprint(el)
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, "; ")
	case map[string]any:
		var parts []string
		for _, k := range []string{"name", "title", "phone", "email"} {
			if s, _ := x[k].(string); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, " · ")
	}
	return fmt.Sprint(v)
}

// choiceOf names code in a code list, or returns it as it is.
func choiceOf(list []enterprise.Choice, code, lang string) string {
	for _, c := range list {
		if c.Code == code {
			return c.Name(lang)
		}
	}
	return code
}
