package enterprise

// SetDeferIndexesMin lowers the import size from which indexes are built
// at the end, for a test, until the returned func restores it.
func SetDeferIndexesMin(n int) (restore func()) {
	old := deferIndexesMin
	deferIndexesMin = n
	return func() { deferIndexesMin = old }
}
