package app_test

import (
	"strconv"
	"time"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func sleep() { time.Sleep(25 * time.Millisecond) }
