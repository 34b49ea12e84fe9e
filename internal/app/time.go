package app

import "time"

func timeStamp() string { return time.Now().Format("20060102-150405") }
