package document

import (
	"fmt"
	"time"
)

// sampleReport is a yearly implementation report long enough for three
// pages: three sections, headings at every level, mixed runs, a table of
// 24 rows with amounts and percentages.
func sampleReport() Doc {
	var rows [][]string
	for i := 1; i <= 24; i++ {
		rows = append(rows, []string{
			fmt.Sprint(i),
			fmt.Sprintf("Doanh nghiệp cơ khí chính xác Đông Anh số %d (linh kiện điện tử, khuôn mẫu)", i),
			"Phường Hoàn Kiếm",
			fmt.Sprintf("%d.%03d.567", i, i*7),
			fmt.Sprintf("%d,5%%", i%20),
		})
	}
	rows[0][3] = "1.234.567"
	rows[1][4] = "16,5%"
	long := "Thực hiện Kế hoạch số 02/KH-UBND ngày 05/01/2026 của Ủy ban nhân dân Thành phố về phát triển công nghiệp hỗ trợ, Sở Công Thương đã phối hợp với các sở, ngành, Ủy ban nhân dân các phường, xã tổ chức triển khai đồng bộ các nhiệm vụ, giải pháp; hỗ trợ doanh nghiệp nâng cao năng lực sản xuất, đổi mới công nghệ, tham gia chuỗi cung ứng toàn cầu và đáp ứng tiêu chuẩn quốc tế về quản lý chất lượng."
	return Doc{
		Issuer:  []string{"UBND THÀNH PHỐ HÀ NỘI", "Sở Công Thương"},
		Number:  "Số: 123/BC-SCT",
		Place:   "Hà Nội",
		Date:    time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC),
		Kind:    "Báo cáo",
		Summary: "Kết quả thực hiện Kế hoạch phát triển công nghiệp hỗ trợ\ntrên địa bàn Thành phố Hà Nội năm 2025",
		Blocks: []Block{
			Text(long),
			Heading{Level: 1, Text: "KẾT QUẢ THỰC HIỆN"},
			Heading{Level: 2, Text: "Công tác chỉ đạo, điều hành"},
			Paragraph{Runs: []Run{
				{Text: "Tổng kinh phí hỗ trợ đã giải ngân là "},
				{Text: "1.234.567 đồng", Bold: true},
				{Text: ", đạt "},
				{Text: "16,5%", Italic: true},
				{Text: " dự toán được giao. " + long},
			}},
			Heading{Level: 3, Text: "Hỗ trợ đổi mới công nghệ"},
			Text(long),
			Heading{Level: 3, Text: "Hỗ trợ kết nối cung ứng"},
			Text(long),
			Heading{Level: 2, Text: "Kết quả hỗ trợ doanh nghiệp"},
			Table{
				Caption: "Bảng 1. Kinh phí hỗ trợ theo doanh nghiệp",
				Unit:    "Đơn vị: đồng",
				Columns: []Column{
					{Title: "STT", Width: 0.07, Align: AlignCenter},
					{Title: "Tên doanh nghiệp", Width: 0.43},
					{Title: "Địa bàn", Width: 0.2},
					{Title: "Kinh phí hỗ trợ", Width: 0.17},
					{Title: "Tỷ lệ", Width: 0.13},
				},
				Rows: rows,
			},
			Heading{Level: 1, Text: "TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"},
			Text(long),
			Text(long),
			Heading{Level: 1, Text: "NHIỆM VỤ, GIẢI PHÁP NĂM 2026"},
			Heading{Level: 2, Text: "Tiếp tục hoàn thiện cơ chế, chính sách"},
			Text(long),
			Heading{Level: 2, Text: "Đẩy mạnh kết nối doanh nghiệp"},
			Text(long),
		},
		Signature: Signature{Authority: "KT. Giám đốc", Title: "Phó Giám đốc", Name: "Nguyễn Văn Hùng"},
		Recipients: []string{
			"- UBND Thành phố (để báo cáo);",
			"- Bộ Công Thương (để báo cáo);",
			"- Giám đốc Sở (để báo cáo);",
			"- Lưu: VT, QLCN.",
		},
	}
}
