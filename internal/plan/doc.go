// Package plan is the plans-and-targets capability: the plans the city's
// People's Committee issues every year (kế hoạch) for the supporting-
// industry programme (công nghiệp hỗ trợ, CNHT) and the key-industrial-
// products scheme (sản phẩm công nghiệp chủ lực), their targets (chỉ
// tiêu), the indicators (chỉ số) that measure them — defined by how they
// are computed from the registry, the enterprises' yearly statistics
// reports (báo cáo thống kê), the figures officers enter from the
// statistics office (Cục Thống kê) and the programme's records — the
// industrial production index (chỉ số sản xuất công nghiệp, IIP) of the
// supporting-industry group, and the dashboard of targets against actual
// values with trends and projections.
//
// Numbers are exact: a target's bounds are integers in thousandths of the
// indicator's unit, money is whole đồng, and an indicator's value is a
// rational number (a share is its numerator over its denominator) until it
// is printed; floating point is used only to draw charts, to fit the trend
// a projection follows, and for the number in a spreadsheet cell of a
// share (the annex, whose exact value is its text).
package plan
