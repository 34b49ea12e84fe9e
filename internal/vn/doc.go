// Package vn holds the Vietnamese rules cnht must get right and that do not
// belong to any one feature: enterprise tax codes (mã số thuế), enterprise
// size under Decree 80/2021/NĐ-CP, administrative units before and after the
// 1 July 2025 reform with the old-to-new mapping, Vietnamese text handling
// (NFC, tone-mark placement, folding for search, dictionary collation) and
// Vietnamese number, money, date and amount-in-words formats.
//
// The package deliberately depends on nothing else in cnht (only the
// standard library and golang.org/x/text), so every other package can use it
// without import cycles, and it keeps no mutable package state: the only
// package-level variables are lookup tables that are filled once when the
// package is initialised and never written again. Reference data (the
// administrative-unit lists and mappings) is embedded in the binary; see
// data/README.md for where each file came from and its licence.
//
// All Vietnamese text this package returns is in Unicode NFC.
package vn
