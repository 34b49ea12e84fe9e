-- The enterprise registry: catalogues (products, processes, standards),
-- enterprise profiles with their lists, status periods, officer
-- verifications, certifications, documents and claims.
--
-- Dates are TEXT 'YYYY-MM-DD'; a status period's open end is '9999-12-31'
-- so that "on date D" is always from_on <= D AND D < to_on. Unknown
-- employees, capital and revenue are -1 (never NULL), so that both
-- databases sort and compare them alike.

CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    sector TEXT NOT NULL,
    group_vi TEXT NOT NULL DEFAULT '',
    group_en TEXT NOT NULL DEFAULT '',
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    hs_code TEXT NOT NULL DEFAULT '',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX products_code ON products (code);

CREATE TABLE processes (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX processes_code ON processes (code);

CREATE TABLE standards (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    title_vi TEXT NOT NULL DEFAULT '',
    title_en TEXT NOT NULL DEFAULT '',
    international BOOLEAN NOT NULL DEFAULT FALSE,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX standards_code ON standards (code);

CREATE TABLE enterprises (
    id INTEGER PRIMARY KEY,
    tax_code TEXT NOT NULL,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    short_name TEXT NOT NULL DEFAULT '',
    name_key TEXT NOT NULL,
    search_fold TEXT NOT NULL,
    legal_form TEXT NOT NULL DEFAULT '',
    ownership TEXT NOT NULL DEFAULT '',
    founded_year INTEGER NOT NULL DEFAULT 0,
    street TEXT NOT NULL DEFAULT '',
    ward_code TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT '',
    contact_name TEXT NOT NULL DEFAULT '',
    contact_title TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    contact_private BOOLEAN NOT NULL DEFAULT FALSE,
    employees BIGINT NOT NULL DEFAULT -1,
    charter_capital_vnd BIGINT NOT NULL DEFAULT -1,
    revenue_vnd BIGINT NOT NULL DEFAULT -1,
    revenue_year INTEGER NOT NULL DEFAULT 0,
    sector_group TEXT NOT NULL DEFAULT 'industry',
    size_class TEXT NOT NULL DEFAULT '',
    materials TEXT NOT NULL DEFAULT '',
    equipment TEXT NOT NULL DEFAULT '',
    capacity TEXT NOT NULL DEFAULT '',
    supplier_tier INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'closed')),
    joined_on TEXT NOT NULL,
    verified BOOLEAN NOT NULL DEFAULT FALSE,
    org_id BIGINT REFERENCES organisations (id),
    version BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX enterprises_tax_code ON enterprises (tax_code);
CREATE UNIQUE INDEX enterprises_org ON enterprises (org_id);
CREATE INDEX enterprises_name ON enterprises (name_key, id);
CREATE INDEX enterprises_ward ON enterprises (ward_code, name_key);
CREATE INDEX enterprises_size ON enterprises (size_class, name_key);
CREATE INDEX enterprises_status ON enterprises (status, name_key);
CREATE INDEX enterprises_ownership ON enterprises (ownership, name_key);

CREATE TABLE enterprise_sectors (
    enterprise_id BIGINT NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
    sector TEXT NOT NULL,
    PRIMARY KEY (enterprise_id, sector)
);
CREATE INDEX enterprise_sectors_sector ON enterprise_sectors (sector, enterprise_id);

CREATE TABLE enterprise_industries (
    enterprise_id BIGINT NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
    industry TEXT NOT NULL,
    PRIMARY KEY (enterprise_id, industry)
);
CREATE INDEX enterprise_industries_industry ON enterprise_industries (industry, enterprise_id);

CREATE TABLE enterprise_products (
    enterprise_id BIGINT NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
    product_id BIGINT NOT NULL REFERENCES products (id),
    PRIMARY KEY (enterprise_id, product_id)
);
CREATE INDEX enterprise_products_product ON enterprise_products (product_id, enterprise_id);

CREATE TABLE enterprise_processes (
    enterprise_id BIGINT NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
    process_id BIGINT NOT NULL REFERENCES processes (id),
    PRIMARY KEY (enterprise_id, process_id)
);
CREATE INDEX enterprise_processes_process ON enterprise_processes (process_id, enterprise_id);

CREATE TABLE enterprise_customers (
    enterprise_id BIGINT NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    country TEXT NOT NULL DEFAULT '',
    multinational BOOLEAN NOT NULL DEFAULT FALSE,
    private BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (enterprise_id, seq)
);

CREATE TABLE enterprise_markets (
    enterprise_id BIGINT NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
    country TEXT NOT NULL,
    PRIMARY KEY (enterprise_id, country)
);

-- Status periods: the first starts on joined_on, so "in the registry and
-- active on D" is one range lookup in enterprise_status_asof.
CREATE TABLE enterprise_status (
    enterprise_id BIGINT NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
    from_on TEXT NOT NULL,
    to_on TEXT NOT NULL DEFAULT '9999-12-31',
    status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'closed')),
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (enterprise_id, from_on)
);
CREATE INDEX enterprise_status_asof ON enterprise_status (status, from_on, to_on, enterprise_id);

CREATE TABLE enterprise_verifications (
    enterprise_id BIGINT NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
    field_group TEXT NOT NULL,
    verified_at BIGINT NOT NULL,
    verified_by BIGINT NOT NULL DEFAULT 0,
    verified_label TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (enterprise_id, field_group)
);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    enterprise_id BIGINT NOT NULL REFERENCES enterprises (id),
    kind TEXT NOT NULL CHECK (kind IN ('certificate', 'claim', 'other')),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    uploaded_by BIGINT NOT NULL DEFAULT 0,
    uploaded_label TEXT NOT NULL DEFAULT '',
    uploader_org_id BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX documents_enterprise ON documents (enterprise_id, id);

-- A certificate counts on D when issued_on <= D < expires_on: it stops
-- counting on its expiry date (DOMAIN.md). Removed ones keep their row
-- (removed_at <> 0) so that their history stays reachable.
CREATE TABLE certifications (
    id INTEGER PRIMARY KEY,
    enterprise_id BIGINT NOT NULL REFERENCES enterprises (id),
    standard_id BIGINT NOT NULL REFERENCES standards (id),
    number TEXT NOT NULL,
    body TEXT NOT NULL,
    scope TEXT NOT NULL DEFAULT '',
    issued_on TEXT NOT NULL,
    expires_on TEXT NOT NULL,
    document_id BIGINT REFERENCES documents (id),
    removed_at BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX certifications_enterprise ON certifications (enterprise_id, issued_on);
CREATE INDEX certifications_valid ON certifications (expires_on, issued_on, standard_id, enterprise_id) WHERE removed_at = 0;

CREATE TABLE enterprise_claims (
    id INTEGER PRIMARY KEY,
    enterprise_id BIGINT NOT NULL REFERENCES enterprises (id),
    org_id BIGINT NOT NULL REFERENCES organisations (id),
    document_id BIGINT NOT NULL REFERENCES documents (id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    reason TEXT NOT NULL DEFAULT '',
    requested_by BIGINT NOT NULL,
    requested_label TEXT NOT NULL DEFAULT '',
    requested_at BIGINT NOT NULL,
    decided_by BIGINT NOT NULL DEFAULT 0,
    decided_label TEXT NOT NULL DEFAULT '',
    decided_at BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX enterprise_claims_pending ON enterprise_claims (enterprise_id, org_id) WHERE status = 'pending';
CREATE INDEX enterprise_claims_status ON enterprise_claims (status, id);
CREATE INDEX enterprise_claims_org ON enterprise_claims (org_id, id);
CREATE INDEX enterprise_claims_enterprise ON enterprise_claims (enterprise_id, id);

-- Seed catalogues. Decree 205/2025/NĐ-CP's full list of prioritised
-- products is not in hand (DOMAIN.md), so this is a representative list
-- across the six sectors of Decree 111/2015/NĐ-CP; admins add, edit and
-- deactivate entries. Seeded rows have created_at 0.
INSERT INTO products (code, sector, group_vi, group_en, name_vi, name_en, hs_code, active, created_at, updated_at) VALUES
('mech.bearing', 'mechanical', 'Linh kiện cơ khí', 'Mechanical components', 'Ổ bi, ổ đũa', 'Ball and roller bearings', '8482', TRUE, 0, 0),
('mech.gear', 'mechanical', 'Linh kiện cơ khí', 'Mechanical components', 'Bánh răng, hộp số công nghiệp', 'Gears and industrial gearboxes', '8483', TRUE, 0, 0),
('mech.fastener', 'mechanical', 'Linh kiện cơ khí', 'Mechanical components', 'Bu lông, đai ốc, vít cường độ cao', 'High-strength bolts, nuts and screws', '7318', TRUE, 0, 0),
('mech.spring', 'mechanical', 'Linh kiện cơ khí', 'Mechanical components', 'Lò xo kỹ thuật', 'Technical springs', '7320', TRUE, 0, 0),
('mech.hydraulic', 'mechanical', 'Linh kiện cơ khí', 'Mechanical components', 'Xi lanh, van thủy lực và khí nén', 'Hydraulic and pneumatic cylinders and valves', '8412', TRUE, 0, 0),
('mech.pump_part', 'mechanical', 'Linh kiện cơ khí', 'Mechanical components', 'Chi tiết bơm, quạt công nghiệp', 'Parts of pumps and industrial fans', '8413', TRUE, 0, 0),
('mech.machine_tool_part', 'mechanical', 'Linh kiện cơ khí', 'Mechanical components', 'Linh kiện máy công cụ', 'Machine-tool parts', '8466', TRUE, 0, 0),
('mech.mould', 'mechanical', 'Khuôn mẫu', 'Moulds and dies', 'Khuôn ép nhựa, khuôn dập, khuôn đúc', 'Injection moulds, stamping dies and casting moulds', '8480', TRUE, 0, 0),
('mech.casting', 'mechanical', 'Phôi đúc, rèn', 'Cast and forged blanks', 'Chi tiết đúc gang, thép, nhôm', 'Iron, steel and aluminium castings', '7325', TRUE, 0, 0),
('mech.forging', 'mechanical', 'Phôi đúc, rèn', 'Cast and forged blanks', 'Chi tiết rèn, dập nóng', 'Forged and hot-stamped parts', '7326', TRUE, 0, 0),
('mech.cutting_tool', 'mechanical', 'Dụng cụ', 'Tools', 'Dao cụ, dụng cụ cắt gọt', 'Cutting tools', '8207', TRUE, 0, 0),
('auto.engine_part', 'automobile', 'Động cơ và truyền động', 'Engine and powertrain', 'Chi tiết động cơ (piston, xéc măng, trục khuỷu)', 'Engine parts (pistons, rings, crankshafts)', '8409', TRUE, 0, 0),
('auto.brake', 'automobile', 'Động cơ và truyền động', 'Engine and powertrain', 'Phanh và má phanh', 'Brakes and brake linings', '8708.30', TRUE, 0, 0),
('auto.exhaust', 'automobile', 'Động cơ và truyền động', 'Engine and powertrain', 'Ống xả, bộ giảm thanh', 'Exhaust pipes and silencers', '8708.92', TRUE, 0, 0),
('auto.body_stamping', 'automobile', 'Thân vỏ và nội thất', 'Body and interior', 'Chi tiết thân vỏ dập', 'Stamped body parts', '8708.29', TRUE, 0, 0),
('auto.seat', 'automobile', 'Thân vỏ và nội thất', 'Body and interior', 'Ghế và chi tiết nội thất ô tô', 'Vehicle seats and interior parts', '9401.20', TRUE, 0, 0),
('auto.glass', 'automobile', 'Thân vỏ và nội thất', 'Body and interior', 'Kính an toàn', 'Safety glass', '7007', TRUE, 0, 0),
('auto.wire_harness', 'automobile', 'Điện ô tô', 'Vehicle electrics', 'Bộ dây điện ô tô', 'Automotive wiring harnesses', '8544.30', TRUE, 0, 0),
('auto.lighting', 'automobile', 'Điện ô tô', 'Vehicle electrics', 'Đèn chiếu sáng, đèn tín hiệu', 'Lighting and signalling equipment', '8512', TRUE, 0, 0),
('auto.rubber_part', 'automobile', 'Linh kiện cao su, nhựa', 'Rubber and plastic parts', 'Gioăng, phớt, ống cao su kỹ thuật', 'Technical rubber gaskets, seals and hoses', '4016.93', TRUE, 0, 0),
('auto.plastic_part', 'automobile', 'Linh kiện cao su, nhựa', 'Rubber and plastic parts', 'Chi tiết nhựa cho ô tô, xe máy', 'Plastic parts for vehicles', '3926.30', TRUE, 0, 0),
('auto.moto_part', 'automobile', 'Phụ tùng xe máy', 'Motorcycle parts', 'Phụ tùng xe máy (khung, giảm xóc, nhông xích)', 'Motorcycle parts (frames, shock absorbers, sprockets and chains)', '8714.10', TRUE, 0, 0),
('elec.pcb', 'electronics', 'Bảng mạch', 'Circuit boards', 'Bảng mạch in (PCB)', 'Printed circuit boards (PCB)', '8534', TRUE, 0, 0),
('elec.pcba', 'electronics', 'Bảng mạch', 'Circuit boards', 'Bảng mạch đã lắp ráp (PCBA)', 'Assembled circuit boards (PCBA)', '8538.90', TRUE, 0, 0),
('elec.passive', 'electronics', 'Linh kiện điện tử', 'Electronic components', 'Tụ điện, điện trở, cuộn cảm', 'Capacitors, resistors and inductors', '8532', TRUE, 0, 0),
('elec.connector', 'electronics', 'Linh kiện điện tử', 'Electronic components', 'Đầu nối, ổ cắm, công tắc', 'Connectors, sockets and switches', '8536', TRUE, 0, 0),
('elec.motor', 'electronics', 'Linh kiện điện tử', 'Electronic components', 'Động cơ điện cỡ nhỏ', 'Small electric motors', '8501', TRUE, 0, 0),
('elec.display', 'electronics', 'Linh kiện điện tử', 'Electronic components', 'Đèn LED, linh kiện màn hình', 'LEDs and display components', '8541.41', TRUE, 0, 0),
('elec.enclosure', 'electronics', 'Linh kiện điện tử', 'Electronic components', 'Vỏ nhựa, vỏ kim loại thiết bị điện tử', 'Plastic and metal enclosures for electronics', '3926.90', TRUE, 0, 0),
('elec.cable', 'electronics', 'Dây cáp, nguồn', 'Cables and power', 'Dây và cáp điện, cáp dữ liệu', 'Electric wire and data cable', '8544', TRUE, 0, 0),
('elec.battery', 'electronics', 'Dây cáp, nguồn', 'Cables and power', 'Pin và ắc quy', 'Batteries and accumulators', '8507', TRUE, 0, 0),
('elec.power_supply', 'electronics', 'Dây cáp, nguồn', 'Cables and power', 'Biến áp, bộ nguồn', 'Transformers and power supplies', '8504', TRUE, 0, 0),
('ht.semiconductor', 'hightech', 'Linh kiện công nghệ cao', 'High-tech components', 'Linh kiện bán dẫn, vi mạch', 'Semiconductors and integrated circuits', '8542', TRUE, 0, 0),
('ht.sensor', 'hightech', 'Linh kiện công nghệ cao', 'High-tech components', 'Cảm biến đo lường', 'Measuring sensors', '9031.80', TRUE, 0, 0),
('ht.precision_part', 'hightech', 'Linh kiện công nghệ cao', 'High-tech components', 'Chi tiết cơ khí chính xác cho thiết bị công nghệ cao', 'Precision parts for high-tech equipment', '8486.90', TRUE, 0, 0),
('ht.medical_part', 'hightech', 'Linh kiện công nghệ cao', 'High-tech components', 'Linh kiện trang thiết bị y tế', 'Medical device components', '9018.90', TRUE, 0, 0),
('ht.optical', 'hightech', 'Linh kiện công nghệ cao', 'High-tech components', 'Linh kiện quang học, quang điện tử', 'Optical and optoelectronic components', '9001', TRUE, 0, 0),
('ht.automation_part', 'hightech', 'Linh kiện công nghệ cao', 'High-tech components', 'Linh kiện robot và tự động hóa', 'Robotics and automation parts', '8479.90', TRUE, 0, 0),
('ht.advanced_material', 'hightech', 'Vật liệu mới', 'Advanced materials', 'Vật liệu composite, gốm kỹ thuật', 'Composites and technical ceramics', '6909', TRUE, 0, 0),
('tex.yarn', 'textile_garment', 'Nguyên liệu dệt', 'Textile materials', 'Sợi bông, sợi tổng hợp', 'Cotton and synthetic yarn', '5205', TRUE, 0, 0),
('tex.fabric', 'textile_garment', 'Nguyên liệu dệt', 'Textile materials', 'Vải dệt thoi, dệt kim', 'Woven and knitted fabrics', '5208', TRUE, 0, 0),
('tex.finished_fabric', 'textile_garment', 'Nguyên liệu dệt', 'Textile materials', 'Vải nhuộm, in hoa, hoàn tất', 'Dyed, printed and finished fabrics', '5407', TRUE, 0, 0),
('tex.accessory', 'textile_garment', 'Phụ liệu may', 'Garment accessories', 'Chỉ may, khóa kéo, cúc, nhãn mác', 'Sewing thread, zips, buttons and labels', '9607', TRUE, 0, 0),
('tex.interlining', 'textile_garment', 'Phụ liệu may', 'Garment accessories', 'Mex, dựng, bông tấm', 'Interlinings and wadding', '5603', TRUE, 0, 0),
('lf.leather', 'leather_footwear', 'Nguyên liệu da', 'Leather materials', 'Da thuộc, giả da', 'Tanned and artificial leather', '4107', TRUE, 0, 0),
('lf.sole', 'leather_footwear', 'Linh kiện giày', 'Footwear components', 'Đế giày', 'Shoe soles', '6406.20', TRUE, 0, 0),
('lf.upper', 'leather_footwear', 'Linh kiện giày', 'Footwear components', 'Mũ giày', 'Shoe uppers', '6406.10', TRUE, 0, 0),
('lf.accessory', 'leather_footwear', 'Linh kiện giày', 'Footwear components', 'Khóa, ô-zê, dây giày', 'Buckles, eyelets and laces', '8308', TRUE, 0, 0);

INSERT INTO processes (code, name_vi, name_en, active, created_at, updated_at) VALUES
('cnc', 'Gia công CNC', 'CNC machining', TRUE, 0, 0),
('grinding', 'Mài chính xác', 'Precision grinding', TRUE, 0, 0),
('stamping', 'Dập kim loại', 'Metal stamping', TRUE, 0, 0),
('sheet_metal', 'Gia công kim loại tấm', 'Sheet-metal fabrication', TRUE, 0, 0),
('laser_cutting', 'Cắt laser', 'Laser cutting', TRUE, 0, 0),
('die_casting', 'Đúc áp lực', 'Die casting', TRUE, 0, 0),
('sand_casting', 'Đúc khuôn cát', 'Sand casting', TRUE, 0, 0),
('forging', 'Rèn', 'Forging', TRUE, 0, 0),
('extrusion', 'Đùn nhôm, đùn nhựa', 'Aluminium and plastic extrusion', TRUE, 0, 0),
('plastic_injection', 'Ép nhựa', 'Plastic injection moulding', TRUE, 0, 0),
('mould_making', 'Chế tạo khuôn mẫu', 'Mould and die making', TRUE, 0, 0),
('surface_treatment', 'Xử lý bề mặt (mạ, anod hóa)', 'Surface treatment (plating, anodising)', TRUE, 0, 0),
('powder_coating', 'Sơn tĩnh điện', 'Powder coating', TRUE, 0, 0),
('heat_treatment', 'Nhiệt luyện', 'Heat treatment', TRUE, 0, 0),
('welding', 'Hàn', 'Welding', TRUE, 0, 0),
('assembly', 'Lắp ráp cụm chi tiết', 'Sub-assembly', TRUE, 0, 0),
('pcb_smt', 'Lắp ráp PCB/SMT', 'PCB and SMT assembly', TRUE, 0, 0),
('wire_harness', 'Sản xuất bó dây điện', 'Wire-harness assembly', TRUE, 0, 0),
('rubber', 'Sản xuất sản phẩm cao su', 'Rubber moulding', TRUE, 0, 0),
('weaving', 'Dệt', 'Weaving', TRUE, 0, 0),
('knitting', 'Dệt kim', 'Knitting', TRUE, 0, 0),
('dyeing', 'Nhuộm và hoàn tất', 'Dyeing and finishing', TRUE, 0, 0),
('sewing', 'May', 'Sewing', TRUE, 0, 0),
('leather_processing', 'Thuộc và gia công da', 'Leather processing', TRUE, 0, 0),
('testing', 'Đo lường, thử nghiệm', 'Metrology and testing', TRUE, 0, 0);

-- Which standards count as "international standards" (DOMAIN.md) is the
-- international column, which admins can change; the last three do not
-- count.
INSERT INTO standards (code, name, title_vi, title_en, international, active, created_at, updated_at) VALUES
('iso9001', 'ISO 9001', 'Hệ thống quản lý chất lượng', 'Quality management systems', TRUE, TRUE, 0, 0),
('iso14001', 'ISO 14001', 'Hệ thống quản lý môi trường', 'Environmental management systems', TRUE, TRUE, 0, 0),
('iso45001', 'ISO 45001', 'Hệ thống quản lý an toàn và sức khỏe nghề nghiệp', 'Occupational health and safety management systems', TRUE, TRUE, 0, 0),
('iatf16949', 'IATF 16949', 'Hệ thống quản lý chất lượng ngành ô tô', 'Automotive quality management systems', TRUE, TRUE, 0, 0),
('iso13485', 'ISO 13485', 'Hệ thống quản lý chất lượng trang thiết bị y tế', 'Medical devices quality management systems', TRUE, TRUE, 0, 0),
('as9100', 'AS9100', 'Hệ thống quản lý chất lượng hàng không vũ trụ', 'Aerospace quality management systems', TRUE, TRUE, 0, 0),
('iso22000', 'ISO 22000', 'Hệ thống quản lý an toàn thực phẩm', 'Food safety management systems', TRUE, TRUE, 0, 0),
('fssc22000', 'FSSC 22000', 'Chứng nhận hệ thống an toàn thực phẩm FSSC', 'Food safety system certification', TRUE, TRUE, 0, 0),
('iso17025', 'ISO/IEC 17025', 'Năng lực phòng thử nghiệm và hiệu chuẩn', 'Competence of testing and calibration laboratories', TRUE, TRUE, 0, 0),
('iso50001', 'ISO 50001', 'Hệ thống quản lý năng lượng', 'Energy management systems', TRUE, TRUE, 0, 0),
('iecq080000', 'IECQ QC 080000', 'Quản lý chất độc hại trong linh kiện điện, điện tử', 'Hazardous substance process management', TRUE, TRUE, 0, 0),
('oekotex100', 'OEKO-TEX Standard 100', 'Chứng nhận sản phẩm dệt an toàn', 'Tested textile product safety', TRUE, TRUE, 0, 0),
('vietgap', 'VietGAP', 'Thực hành sản xuất nông nghiệp tốt Việt Nam', 'Vietnamese good agricultural practices', FALSE, TRUE, 0, 0),
('tcvn', 'Hợp chuẩn TCVN', 'Chứng nhận hợp chuẩn theo tiêu chuẩn quốc gia', 'Conformity with Vietnamese national standards', FALSE, TRUE, 0, 0),
('qcvn', 'Hợp quy QCVN', 'Chứng nhận hợp quy theo quy chuẩn kỹ thuật quốc gia', 'Conformity with Vietnamese technical regulations', FALSE, TRUE, 0, 0);
