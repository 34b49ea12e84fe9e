package search

import (
	_ "embed"
	"slices"
	"strings"
)

//go:embed data/synonyms.txt
var synonymData string

// synonymGroups are the groups of data/synonyms.txt, each phrase folded
// into words; byFirst finds the groups by a phrase's first word.
var synonymGroups, byFirst = loadSynonyms(synonymData)

func loadSynonyms(data string) ([][][]string, map[string][]int) {
	var groups [][][]string
	first := map[string][]int{}
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var g [][]string
		for _, p := range strings.Split(line, "|") {
			if ws := words(p); len(ws) > 0 {
				g = append(g, ws)
			}
		}
		if len(g) < 2 {
			continue
		}
		for _, p := range g {
			if !slices.Contains(first[p[0]], len(groups)) {
				first[p[0]] = append(first[p[0]], len(groups))
			}
		}
		groups = append(groups, g)
	}
	return groups, first
}

// synonymAt finds the longest phrase of a synonym group that the query's
// words begin with at i, returning the group and the phrase's length (0
// when none).
func synonymAt(qw []string, i int) ([][]string, int) {
	var best [][]string
	k := 0
	for _, g := range byFirst[qw[i]] {
		for _, p := range synonymGroups[g] {
			if len(p) > k && i+len(p) <= len(qw) && slices.Equal(p, qw[i:i+len(p)]) {
				best, k = synonymGroups[g], len(p)
			}
		}
	}
	return best, k
}
