package search

import (
	"container/list"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// resultCache keeps the latest pages of results: a directory is searched
// for the same few things again and again. Each entry holds the index's
// generation it was computed at; any change to the index makes it stale.
type resultCache struct {
	mu      sync.Mutex
	max     int
	order   *list.List // most recently used first
	entries map[string]*list.Element
}

type cached struct {
	key  string
	gen  uint64
	page Page
}

func newResultCache(max int) *resultCache {
	return &resultCache{max: max, order: list.New(), entries: map[string]*list.Element{}}
}

func (c *resultCache) get(key string, gen uint64) (Page, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || e.Value.(*cached).gen != gen {
		return Page{}, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cached).page, true
}

func (c *resultCache) put(key string, gen uint64, p Page) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[key]; ok {
		e.Value = &cached{key, gen, p}
		c.order.MoveToFront(e)
		return
	}
	c.entries[key] = c.order.PushFront(&cached{key, gen, p})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.entries, last.Value.(*cached).key)
	}
}

// cacheKey writes a query out in one canonical form.
func cacheKey(q Query) string {
	var b strings.Builder
	b.WriteString(strings.Join(words(q.Text), " "))
	b.WriteString("|" + strconv.FormatBool(q.Prefix) + "|" + strconv.Itoa(q.Limit) + "|" + strconv.Itoa(q.Offset) + "|" + strconv.FormatBool(q.Facets))
	fs := make([]string, 0, len(q.Filters))
	for f := range q.Filters {
		fs = append(fs, f)
	}
	slices.Sort(fs)
	for _, f := range fs {
		vs := slices.Clone(q.Filters[f])
		slices.Sort(vs)
		b.WriteString("|" + f + "=" + strings.Join(vs, ","))
	}
	// Diacritics rank exact spellings first: they are part of the query.
	b.WriteString("|" + strings.Join(exactWords(q.Text), " "))
	return b.String()
}
