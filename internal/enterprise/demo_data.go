package enterprise

// The demo registry's vocabulary. It is invented but of real style: the
// kinds of names, lines of business, industrial parks, customers and
// certification bodies that Hanoi's supporting-industry registry holds.
// Tables are built by functions, once per load, so nothing here is shared
// mutable state.

// demoLine is a line of business: what a company's name says it does, and
// the profile that goes with it, so that generated profiles hang together.
type demoLine struct {
	sector     KeySector
	vi, en     string // as in the company name
	short      string // for the short name
	industries []Industry
	products   []string // product catalogue codes
	processes  []string // process catalogue codes
	materials  string
	equipment  string
	capacity   string // with one %d: a quantity
	scope      string // certificate scope
	weight     int
}

func demoLines() []demoLine {
	auto := []Industry{IndustryAutomobile, IndustryMotorcycle}
	return []demoLine{
		{SectorComponents, "Cơ khí Chính xác", "Precision Mechanical", "PRECISION", append(auto, IndustryMechanical, IndustryElectronics),
			[]string{"mech.machine_tool_part", "auto.engine_part", "mech.gear", "ht.precision_part"}, []string{"cnc", "grinding", "heat_treatment", "testing"},
			"Thép C45, SCM440, SUS304; nhôm A6061, A7075; đồng thau C3604",
			"Trung tâm gia công CNC 3–5 trục (Mazak, DMG Mori, Brother), máy tiện CNC, máy mài phẳng, máy đo 3 chiều CMM",
			"%d triệu chi tiết/năm", "Gia công chi tiết cơ khí chính xác cho ô tô, xe máy và thiết bị điện tử", 14},
		{SectorComponents, "Cơ khí", "Mechanical Engineering", "MECHANICAL", []Industry{IndustryMechanical, IndustryAgriMachinery, IndustryAutomobile},
			[]string{"mech.gear", "mech.pump_part", "mech.forging", "mech.hydraulic"}, []string{"cnc", "welding", "forging", "sheet_metal", "powder_coating"},
			"Thép tấm SS400, thép ống, thép hình; gang cầu FCD450",
			"Máy tiện, máy phay CNC, máy hàn robot, máy chấn tôn 200 tấn, dây chuyền sơn tĩnh điện",
			"%d nghìn tấn sản phẩm/năm", "Thiết kế, chế tạo chi tiết và cụm chi tiết cơ khí", 10},
		{SectorComponents, "Khuôn mẫu", "Mould and Die", "MOULD", []Industry{IndustryElectronics, IndustryAutomobile, IndustryMotorcycle},
			[]string{"mech.mould"}, []string{"mould_making", "cnc", "grinding", "heat_treatment"},
			"Thép làm khuôn SKD11, SKD61, NAK80, P20",
			"Máy phay CNC tốc độ cao, máy cắt dây EDM, máy xung điện, máy mài tọa độ",
			"%d bộ khuôn/năm", "Thiết kế và chế tạo khuôn ép nhựa, khuôn dập kim loại", 6},
		{SectorComponents, "Đúc", "Casting", "CASTING", []Industry{IndustryMotorcycle, IndustryAutomobile, IndustryMechanical},
			[]string{"mech.casting", "auto.engine_part"}, []string{"die_casting", "sand_casting", "cnc", "surface_treatment"},
			"Hợp kim nhôm ADC12, AC4C; gang xám FC250",
			"Máy đúc áp lực 280–800 tấn (Toshiba, UBE), lò nấu nhôm, máy gia công CNC",
			"%d nghìn tấn vật đúc/năm", "Đúc áp lực và gia công chi tiết hợp kim nhôm", 5},
		{SectorComponents, "Phụ tùng Ô tô", "Auto Parts", "AUTO PARTS", []Industry{IndustryAutomobile},
			[]string{"auto.body_stamping", "auto.brake", "auto.exhaust", "auto.seat"}, []string{"stamping", "welding", "assembly", "powder_coating"},
			"Thép tấm cán nguội SPCC, SPHC; thép ống; vải bọc ghế",
			"Dây chuyền dập 60–630 tấn, robot hàn, đồ gá hàn, dây chuyền sơn",
			"%d nghìn bộ sản phẩm/năm", "Sản xuất chi tiết dập, hàn và cụm phụ tùng ô tô", 6},
		{SectorComponents, "Linh kiện Xe máy", "Motorcycle Parts", "MOTO PARTS", []Industry{IndustryMotorcycle},
			[]string{"auto.moto_part", "auto.plastic_part", "auto.rubber_part"}, []string{"stamping", "plastic_injection", "welding", "surface_treatment"},
			"Thép ống STKM, thép tấm; hạt nhựa PP, ABS; cao su EPDM",
			"Máy ép nhựa 150–850 tấn, máy dập, dây chuyền mạ, robot hàn",
			"%d triệu chi tiết/năm", "Sản xuất phụ tùng và chi tiết nhựa, kim loại cho xe máy", 6},
		{SectorComponents, "Nhựa Kỹ thuật", "Engineering Plastics", "PLASTICS", []Industry{IndustryElectronics, IndustryAutomobile, IndustryMotorcycle},
			[]string{"auto.plastic_part", "elec.enclosure"}, []string{"plastic_injection", "mould_making", "assembly"},
			"Hạt nhựa PP, ABS, PC, POM, PA66 GF30",
			"Máy ép nhựa 80–1.300 tấn (Nissei, Haitian, JSW), robot gắp sản phẩm, máy sấy hạt",
			"%d triệu sản phẩm/năm", "Ép phun các chi tiết nhựa kỹ thuật cho điện tử, ô tô, xe máy", 10},
		{SectorComponents, "Cao su Kỹ thuật", "Technical Rubber", "RUBBER", []Industry{IndustryAutomobile, IndustryMotorcycle, IndustryElectronics},
			[]string{"auto.rubber_part"}, []string{"rubber", "mould_making"},
			"Cao su EPDM, NBR, silicone; chất độn, chất lưu hóa",
			"Máy ép lưu hóa 100–300 tấn, máy luyện kín, máy cán hai trục",
			"%d triệu sản phẩm/năm", "Sản xuất gioăng, phớt, chi tiết cao su kỹ thuật", 4},
		{SectorComponents, "Kim khí", "Metal Products", "METAL", []Industry{IndustryElectronics, IndustryMechanical, IndustryElectrical},
			[]string{"mech.fastener", "mech.spring", "elec.enclosure"}, []string{"stamping", "sheet_metal", "laser_cutting", "powder_coating"},
			"Thép tấm mạ kẽm SECC, inox SUS304, nhôm tấm A5052",
			"Máy cắt laser fiber, máy đột CNC, máy chấn, máy dập liên hoàn",
			"%d nghìn tấn sản phẩm/năm", "Gia công kim loại tấm: cắt, đột, chấn, dập và sơn tĩnh điện", 7},
		{SectorComponents, "Xử lý Bề mặt", "Surface Treatment", "SURFACE", []Industry{IndustryMotorcycle, IndustryElectronics, IndustryMechanical},
			[]string{"mech.fastener", "auto.moto_part"}, []string{"surface_treatment", "powder_coating", "heat_treatment"},
			"Hóa chất mạ kẽm, niken, crôm; bột sơn tĩnh điện",
			"Dây chuyền mạ tự động, dây chuyền anod hóa, lò nhiệt luyện chân không",
			"%d triệu dm² bề mặt/năm", "Mạ, anod hóa và nhiệt luyện chi tiết kim loại", 3},
		{SectorComponents, "Dây và Cáp điện", "Wire and Cable", "CABLE", []Industry{IndustryAutomobile, IndustryElectronics, IndustryElectrical},
			[]string{"auto.wire_harness", "elec.cable", "elec.connector"}, []string{"wire_harness", "assembly", "testing"},
			"Dây đồng, nhựa PVC, XLPE; đầu cốt, giắc nối",
			"Máy cắt tuốt dây tự động, máy bấm đầu cốt, bàn thử thông mạch",
			"%d triệu bộ dây/năm", "Sản xuất bó dây điện và cáp cho ô tô, thiết bị điện tử", 5},
		{SectorComponents, "Bu lông Ốc vít", "Fasteners", "FASTENERS", []Industry{IndustryMechanical, IndustryAutomobile, IndustryMotorcycle},
			[]string{"mech.fastener", "mech.spring"}, []string{"forging", "heat_treatment", "surface_treatment"},
			"Thép dây SWCH10A, SCM435",
			"Máy dập đầu nguội nhiều trạm, máy cán ren, lò nhiệt luyện liên tục",
			"%d nghìn tấn sản phẩm/năm", "Sản xuất bu lông, đai ốc, vít và chi tiết dập nguội", 3},
		{SectorComponents, "Linh kiện Điện tử", "Electronic Components", "ELECTRONICS", []Industry{IndustryElectronics, IndustryElectrical},
			[]string{"elec.pcba", "elec.connector", "elec.passive", "elec.power_supply"}, []string{"pcb_smt", "assembly", "testing"},
			"Linh kiện bán dẫn, tụ điện, bảng mạch FR-4, thiếc hàn không chì",
			"Dây chuyền SMT (Fuji, Panasonic), lò hàn reflow, máy kiểm tra quang học AOI",
			"%d triệu bo mạch/năm", "Lắp ráp bảng mạch điện tử và linh kiện điện tử", 5},
		{SectorHighTech, "Điện tử", "Electronics", "ELECTRONICS", []Industry{IndustryElectronics, IndustryHighTech},
			[]string{"elec.pcb", "elec.pcba", "elec.display", "elec.motor"}, []string{"pcb_smt", "assembly", "testing"},
			"Bảng mạch in nhiều lớp, linh kiện SMD, vi mạch",
			"Dây chuyền SMT tốc độ cao, máy AOI, máy X-ray kiểm tra mối hàn, phòng sạch",
			"%d triệu sản phẩm/năm", "Sản xuất và lắp ráp linh kiện, mô-đun điện tử", 9},
		{SectorHighTech, "Công nghệ Cao", "High Technology", "HI-TECH", []Industry{IndustryHighTech, IndustryElectronics},
			[]string{"ht.precision_part", "ht.semiconductor", "ht.sensor"}, []string{"cnc", "pcb_smt", "testing"},
			"Nhôm, inox, gốm kỹ thuật; linh kiện bán dẫn",
			"Máy gia công siêu chính xác, phòng sạch ISO 7, máy đo quang học",
			"%d triệu chi tiết/năm", "Sản xuất linh kiện, chi tiết chính xác cho thiết bị công nghệ cao", 6},
		{SectorHighTech, "Thiết bị Y tế", "Medical Devices", "MEDICAL", []Industry{IndustryMedical, IndustryHighTech},
			[]string{"ht.medical_part"}, []string{"plastic_injection", "cnc", "assembly", "testing"},
			"Nhựa y tế PP, PC, silicone y tế; inox 316L",
			"Máy ép nhựa trong phòng sạch, máy gia công CNC Thụy Sĩ, thiết bị tiệt trùng",
			"%d triệu sản phẩm/năm", "Sản xuất linh kiện và thiết bị y tế", 3},
		{SectorHighTech, "Quang điện tử", "Optoelectronics", "OPTO", []Industry{IndustryElectronics, IndustryHighTech},
			[]string{"ht.optical", "elec.display"}, []string{"assembly", "testing", "cnc"},
			"Thấu kính quang học, LED, sợi quang",
			"Máy mài và đánh bóng thấu kính, máy phủ chân không, phòng sạch",
			"%d triệu linh kiện/năm", "Sản xuất linh kiện quang học và quang điện tử", 2},
		{SectorHighTech, "Tự động hóa", "Automation", "AUTOMATION", []Industry{IndustryHighTech, IndustryMechanical, IndustryElectronics},
			[]string{"ht.automation_part", "ht.sensor", "mech.hydraulic"}, []string{"cnc", "assembly", "pcb_smt", "testing"},
			"Thép, nhôm định hình, cảm biến, bộ điều khiển PLC",
			"Máy gia công CNC, bàn lắp ráp, thiết bị đo kiểm",
			"%d nghìn bộ sản phẩm/năm", "Thiết kế, chế tạo thiết bị và linh kiện tự động hóa", 3},
		{SectorHighTech, "Vật liệu Mới", "Advanced Materials", "MATERIALS", []Industry{IndustryHighTech, IndustryAerospace, IndustryElectronics},
			[]string{"ht.advanced_material"}, []string{"extrusion", "heat_treatment", "testing"},
			"Sợi carbon, nhựa epoxy, bột gốm kỹ thuật",
			"Lò thiêu kết, nồi hấp autoclave, máy ép nóng",
			"%d tấn sản phẩm/năm", "Sản xuất vật liệu composite và gốm kỹ thuật", 2},
		{SectorHighTech, "Cơ điện tử", "Mechatronics", "MECHATRONICS", []Industry{IndustryHighTech, IndustryAerospace, IndustryMechanical},
			[]string{"ht.precision_part", "elec.motor", "ht.automation_part"}, []string{"cnc", "assembly", "testing", "surface_treatment"},
			"Nhôm hàng không A7075, titan, thép không gỉ",
			"Trung tâm gia công 5 trục, máy đo CMM, phòng lắp ráp sạch",
			"%d nghìn cụm chi tiết/năm", "Gia công và lắp ráp cụm chi tiết cơ điện tử, linh kiện hàng không", 2},
		{SectorTextile, "Dệt may", "Textile and Garment", "TEXTILE", []Industry{IndustryTextileGarment},
			[]string{"tex.fabric", "tex.finished_fabric"}, []string{"weaving", "dyeing", "sewing"},
			"Sợi cotton, polyester, sợi pha CVC",
			"Máy dệt kiếm, máy dệt khí (Toyota, Tsudakoma), máy nhuộm cao áp",
			"%d triệu mét vải/năm", "Sản xuất vải dệt thoi, nhuộm và hoàn tất", 4},
		{SectorTextile, "Sợi", "Yarn", "YARN", []Industry{IndustryTextileGarment},
			[]string{"tex.yarn"}, []string{"weaving", "testing"},
			"Bông xơ nhập khẩu, xơ polyester",
			"Dây chuyền kéo sợi (Rieter, Toyota), máy đánh ống tự động",
			"%d nghìn tấn sợi/năm", "Sản xuất sợi bông và sợi pha", 2},
		{SectorTextile, "Dệt kim", "Knitting", "KNITTING", []Industry{IndustryTextileGarment},
			[]string{"tex.fabric"}, []string{"knitting", "dyeing"},
			"Sợi cotton, spandex, polyester",
			"Máy dệt kim tròn, máy dệt kim phẳng vi tính, máy nhuộm",
			"%d nghìn tấn vải/năm", "Sản xuất vải dệt kim và nhuộm hoàn tất", 2},
		{SectorTextile, "Phụ liệu May", "Garment Accessories", "ACCESSORIES", []Industry{IndustryTextileGarment},
			[]string{"tex.accessory", "tex.interlining"}, []string{"weaving", "plastic_injection", "sewing"},
			"Sợi polyester, nhựa POM, đồng, giấy",
			"Máy dệt nhãn, máy in nhiệt, máy ép khóa kéo",
			"%d triệu sản phẩm/năm", "Sản xuất nhãn dệt, khóa kéo, chỉ may và phụ liệu may mặc", 4},
		{SectorTextile, "May mặc", "Garment", "GARMENT", []Industry{IndustryTextileGarment},
			[]string{"tex.finished_fabric", "tex.accessory"}, []string{"sewing", "dyeing"},
			"Vải dệt thoi, vải dệt kim, phụ liệu may",
			"Máy may công nghiệp (Juki, Brother), máy cắt tự động, hệ thống treo",
			"%d triệu sản phẩm/năm", "Cắt, may và hoàn thiện sản phẩm may mặc", 2},
		{SectorTextile, "Da giày", "Leather and Footwear", "FOOTWEAR", []Industry{IndustryLeatherFootwear},
			[]string{"lf.sole", "lf.upper", "lf.accessory"}, []string{"leather_processing", "sewing", "rubber", "plastic_injection"},
			"Da thuộc, giả da PU, cao su, EVA",
			"Máy ép đế, máy may mũ giày, dây chuyền gò ráp",
			"%d triệu đôi/năm", "Sản xuất đế giày, mũ giày và phụ liệu da giày", 4},
		{SectorTextile, "Thuộc da", "Leather", "LEATHER", []Industry{IndustryLeatherFootwear},
			[]string{"lf.leather"}, []string{"leather_processing", "dyeing"},
			"Da bò, da trâu nguyên liệu; hóa chất thuộc",
			"Thùng quay thuộc da, máy bào, máy sấy chân không",
			"%d triệu feet vuông/năm", "Thuộc và hoàn thiện da", 1},
	}
}

// demoBrands are the proper-name parts of domestic companies' names.
func demoBrands() []string {
	return []string{
		"Thăng Long", "Hồng Hà", "Tân Phát", "Minh Khang", "An Phát", "Phú Thịnh", "Đại Dương", "Tiến Đạt", "Việt Nhật", "Việt Hàn",
		"Hưng Thịnh", "Thành Công", "Trường Sơn", "Sao Mai", "Bình Minh", "Kim Long", "Đức Anh", "Nam Việt", "Thiên Phúc", "Vĩnh Phát",
		"Phúc Lâm", "Toàn Cầu", "Gia Bảo", "Minh Đức", "Hoàng Long", "Phương Đông", "Đông Á", "Hà Thành", "Kinh Bắc", "Lạc Hồng",
		"Bảo Tín", "Hùng Vương", "Tân Á", "Quang Minh", "Hải Đăng", "Thịnh Phát", "Phú Cường", "Anh Dũng", "Hoàng Gia", "Vạn Xuân",
		"Trí Việt", "Nhật Quang", "Đông Đô", "Tràng An", "Văn Lang", "Thuận Phát", "Hòa Bình", "Phúc Hưng", "Kim Sơn", "Hợp Nhất",
		"Hưng Long", "Tân Tiến", "Đại Phong", "Mạnh Hùng", "Quốc Thắng", "Cường Thịnh", "Song Hành", "Hòa Phát", "Thái Sơn", "Việt Tiến",
		"Ánh Dương", "Sông Hồng", "Hà Đô", "Tiến Thành", "Phú Gia", "Đức Thịnh", "Nhật Minh", "Hải Phong", "Thủy Tiên", "Long Hải",
	}
}

// demoForeignRoots are the proper-name parts of foreign-invested
// companies' names (Japanese, Korean, Taiwanese style).
func demoForeignRoots() []string {
	return []string{
		"Sanwa Seiki", "Kyoei", "Daishin", "Tokai Seimitsu", "Hokuto", "Shinwa", "Nakano", "Okada", "Miyake", "Kawada",
		"Takara", "Meisei", "Toyo Denso", "Asahi Parts", "Fujisawa", "Ichikoh", "Maruyasu", "Sakae", "Yamada Seiko", "Nishimura",
		"Hanil", "Daeyang", "Sungwoo", "Seojin", "Jinsung", "Woojin", "Dongah", "Hwaseung", "Kumho Tech", "Shinsung",
		"Jinhua", "Fuyuan", "Hongda", "Tianli", "Chenfeng", "Everwin",
	}
}

// demoFDILines are the English lines foreign-invested companies put in
// their names, by key sector.
func demoFDILines(k KeySector) []string {
	switch k {
	case SectorHighTech:
		return []string{"Electronics", "Technology", "Precision", "Optics", "Medical"}
	case SectorTextile:
		return []string{"Textile", "Garment Accessories", "Footwear", "Apparel Materials"}
	}
	return []string{"Precision", "Parts", "Mold", "Industrial", "Components", "Rubber", "Plastics", "Metal", "Wire Harness"}
}

// demoWard is a commune-level unit with its weight in the demo and its
// industrial parks (khu, cụm công nghiệp), looked up by name.
type demoWard struct {
	name   string
	weight int
	parks  []string
}

func demoWards() []demoWard {
	thangLong := []string{"Khu công nghiệp Thăng Long", "Khu công nghiệp Bắc Thăng Long"}
	noiBai := []string{"Khu công nghiệp Nội Bài", "Khu công nghiệp Sóc Sơn"}
	quangMinh := []string{"Khu công nghiệp Quang Minh", "Khu công nghiệp Quang Minh II"}
	hoaLac := []string{"Khu công nghệ cao Hòa Lạc", "Khu công nghiệp Thạch Thất – Quốc Oai"}
	namHaNoi := []string{"Khu công nghiệp hỗ trợ Nam Hà Nội", "Cụm công nghiệp Phú Minh"}
	return []demoWard{
		{"Đông Anh", 12, []string{"Cụm công nghiệp Nguyên Khê", "Khu công nghiệp Đông Anh"}},
		{"Thiên Lộc", 9, thangLong},
		{"Phúc Thịnh", 5, []string{"Cụm công nghiệp Nguyên Khê"}},
		{"Thư Lâm", 4, []string{"Cụm công nghiệp Thụy Lâm"}},
		{"Vĩnh Thanh", 4, thangLong},
		{"Sóc Sơn", 5, []string{"Cụm công nghiệp Phù Linh"}},
		{"Nội Bài", 8, noiBai},
		{"Kim Anh", 4, noiBai},
		{"Trung Giã", 2, nil},
		{"Đa Phúc", 2, nil},
		{"Mê Linh", 5, []string{"Cụm công nghiệp Mê Linh"}},
		{"Quang Minh", 10, quangMinh},
		{"Tiến Thắng", 3, quangMinh},
		{"Yên Lãng", 3, nil},
		{"Thạch Thất", 5, []string{"Cụm công nghiệp Bình Phú", "Cụm công nghiệp Phùng Xá"}},
		{"Hòa Lạc", 6, hoaLac},
		{"Tây Phương", 3, hoaLac},
		{"Hạ Bằng", 3, hoaLac},
		{"Quốc Oai", 5, []string{"Khu công nghiệp Thạch Thất – Quốc Oai", "Cụm công nghiệp Ngọc Liệp"}},
		{"Phú Cát", 2, nil},
		{"Kiều Phú", 2, nil},
		{"Hưng Đạo", 2, nil},
		{"Gia Lâm", 6, []string{"Cụm công nghiệp Phú Thị", "Cụm công nghiệp Kiêu Kỵ"}},
		{"Thuận An", 3, []string{"Cụm công nghiệp Ninh Hiệp"}},
		{"Phù Đổng", 3, []string{"Cụm công nghiệp Ninh Hiệp"}},
		{"Bát Tràng", 1, nil},
		{"Thường Tín", 5, []string{"Cụm công nghiệp Quất Động", "Cụm công nghiệp Duyên Thái"}},
		{"Thượng Phúc", 2, []string{"Cụm công nghiệp Quất Động"}},
		{"Chương Dương", 2, nil},
		{"Hồng Vân", 2, nil},
		{"Phú Xuyên", 6, namHaNoi},
		{"Phượng Dực", 3, namHaNoi},
		{"Chuyên Mỹ", 2, nil},
		{"Đại Xuyên", 2, nil},
		{"Hoài Đức", 5, []string{"Cụm công nghiệp Lại Yên"}},
		{"An Khánh", 3, []string{"Khu công nghiệp An Khánh"}},
		{"Sơn Đồng", 2, nil},
		{"Dương Hòa", 2, nil},
		{"Ngọc Hồi", 4, []string{"Khu công nghiệp Ngọc Hồi"}},
		{"Thanh Trì", 2, nil},
		{"Đại Thanh", 2, nil},
		{"Phú Nghĩa", 5, []string{"Khu công nghiệp Phú Nghĩa"}},
		{"Xuân Mai", 2, nil},
		{"Long Biên", 4, []string{"Khu công nghiệp Sài Đồng B", "Khu công nghiệp Hà Nội – Đài Tư"}},
		{"Phúc Lợi", 2, []string{"Khu công nghiệp Sài Đồng B"}},
		{"Yên Nghĩa", 3, []string{"Cụm công nghiệp Yên Nghĩa"}},
		{"Tây Tựu", 1, []string{"Cụm công nghiệp Tây Tựu"}},
	}
}

// demoStreets are street names for addresses outside industrial parks.
func demoStreets() []string {
	return []string{
		"Quốc lộ 3", "Quốc lộ 21", "Quốc lộ 1A", "Quốc lộ 32", "Đại lộ Thăng Long", "Võ Văn Kiệt", "Nguyễn Văn Linh", "Ngô Gia Tự",
		"Cao Lỗ", "Nguyễn Trãi", "Lê Văn Lương", "Phạm Văn Đồng", "Trần Duy Hưng", "Giải Phóng", "Nguyễn Xiển", "Tố Hữu",
		"Quang Trung", "Hoàng Quốc Việt", "Xuân Thủy", "Kim Mã", "Láng Hạ", "Trường Chinh", "Lĩnh Nam", "Nguyễn Văn Cừ",
	}
}

// demoCustomer is a customer the demo may list.
type demoCustomer struct {
	name          string
	country       string
	multinational bool
	industries    []Industry
}

func demoCustomers() []demoCustomer {
	el := []Industry{IndustryElectronics, IndustryHighTech, IndustryElectrical}
	au := []Industry{IndustryAutomobile}
	mo := []Industry{IndustryMotorcycle}
	tx := []Industry{IndustryTextileGarment}
	lf := []Industry{IndustryLeatherFootwear}
	me := []Industry{IndustryMechanical, IndustryAgriMachinery, IndustryElectrical}
	md := []Industry{IndustryMedical}
	ae := []Industry{IndustryAerospace, IndustryHighTech}
	return []demoCustomer{
		{"Samsung Electronics Việt Nam", "VN", true, el},
		{"Samsung Display Việt Nam", "VN", true, el},
		{"Samsung Electro-Mechanics Việt Nam", "VN", true, el},
		{"LG Display Việt Nam Hải Phòng", "VN", true, el},
		{"LG Electronics Việt Nam Hải Phòng", "VN", true, el},
		{"Canon Việt Nam", "VN", true, el},
		{"Panasonic Việt Nam", "VN", true, el},
		{"Brother Industries Việt Nam", "VN", true, el},
		{"Foxconn (Hon Hai Precision)", "VN", true, el},
		{"Kyocera Document Solutions Việt Nam", "VN", true, el},
		{"Nidec Việt Nam", "VN", true, el},
		{"Mabuchi Motor Việt Nam", "VN", true, el},
		{"Goertek Vina", "VN", true, el},
		{"Luxshare-ICT Việt Nam", "VN", true, el},
		{"Intel Products Việt Nam", "VN", true, el},
		{"Amkor Technology Việt Nam", "VN", true, el},
		{"Canon Inc.", "JP", true, el},
		{"Sumitomo Electric Industries", "JP", true, el},
		{"Toyota Motor Việt Nam", "VN", true, au},
		{"Ford Việt Nam", "VN", true, au},
		{"Hyundai Thành Công Việt Nam", "VN", true, au},
		{"Mitsubishi Motors Việt Nam", "VN", true, au},
		{"Denso Việt Nam", "VN", true, au},
		{"Yazaki EDS Việt Nam", "VN", true, au},
		{"Denso Corporation", "JP", true, au},
		{"Hyundai Mobis", "KR", true, au},
		{"Aisin Corporation", "JP", true, au},
		{"VinFast", "VN", false, au},
		{"Ô tô Trường Hải (THACO)", "VN", false, au},
		{"Honda Việt Nam", "VN", true, append(au, IndustryMotorcycle)},
		{"Yamaha Motor Việt Nam", "VN", true, mo},
		{"Piaggio Việt Nam", "VN", true, mo},
		{"Suzuki Việt Nam", "VN", true, mo},
		{"Kubota Việt Nam", "VN", true, me},
		{"Yanmar Việt Nam", "VN", true, me},
		{"Doosan Enerbility Việt Nam", "VN", true, me},
		{"Schneider Electric Việt Nam", "VN", true, me},
		{"ABB Việt Nam", "VN", true, me},
		{"Bosch Việt Nam", "VN", true, me},
		{"Daikin Việt Nam", "VN", true, me},
		{"Terumo Việt Nam", "VN", true, md},
		{"B. Braun Việt Nam", "VN", true, md},
		{"Olympus Việt Nam", "VN", true, md},
		{"Hanwha Aero Engines Việt Nam", "VN", true, ae},
		{"Decathlon", "FR", true, append(tx, IndustryLeatherFootwear)},
		{"Fast Retailing (Uniqlo)", "JP", true, tx},
		{"H&M", "SE", true, tx},
		{"Nike", "US", true, lf},
		{"Adidas", "DE", true, lf},
		{"Pou Chen Việt Nam", "VN", true, lf},
		{"Tổng Công ty May 10", "VN", false, tx},
		{"Tổng Công ty Dệt may Hà Nội", "VN", false, tx},
		{"Tổng Công ty Viglacera", "VN", false, me},
	}
}

// demoBody is a certification body and how its certificate numbers look.
type demoBody struct {
	name    string
	foreign bool
}

func demoBodies() []demoBody {
	return []demoBody{
		{"Bureau Veritas Certification", true}, {"SGS Việt Nam", true}, {"TÜV Rheinland Việt Nam", true}, {"TÜV SÜD Việt Nam", true},
		{"DNV Business Assurance", true}, {"Intertek Việt Nam", true}, {"BSI Group Việt Nam", true}, {"LRQA", true},
		{"QUACERT", false}, {"Vinacontrol CE", false},
	}
}

// Vietnamese personal names for contact people.
func demoFamilyNames() []string {
	return []string{"Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Phan", "Đinh", "Trịnh", "Đào", "Lương", "Tạ", "Mai"}
}

func demoGivenNames() []struct{ middle, given string } {
	return []struct{ middle, given string }{
		{"Văn", "Hùng"}, {"Văn", "Dũng"}, {"Văn", "Thắng"}, {"Đức", "Anh"}, {"Đức", "Minh"}, {"Minh", "Tuấn"}, {"Quang", "Huy"}, {"Quang", "Vinh"},
		{"Hữu", "Nam"}, {"Xuân", "Trường"}, {"Thành", "Long"}, {"Mạnh", "Cường"}, {"Ngọc", "Sơn"}, {"Việt", "Hà"}, {"Trung", "Kiên"}, {"Hoàng", "Hải"},
		{"Thị", "Hương"}, {"Thị", "Lan"}, {"Thị", "Hằng"}, {"Thu", "Trang"}, {"Thanh", "Thảo"}, {"Ngọc", "Ánh"}, {"Thị", "Mai"}, {"Hồng", "Nhung"},
		{"Phương", "Linh"}, {"Thu", "Hà"}, {"Minh", "Châu"}, {"Thị", "Yến"},
	}
}

func demoTitles() []string {
	return []string{"Giám đốc", "Phó Giám đốc", "Tổng Giám đốc", "Trưởng phòng Kinh doanh", "Trưởng phòng Xuất nhập khẩu", "Phó phòng Kinh doanh", "Trưởng phòng Quản lý chất lượng"}
}
