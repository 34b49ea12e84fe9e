-- Plans and their targets, the yearly statistics reports enterprises file,
-- the figures officers enter from the statistics office and the
-- programme's own records, and the production index's basket (base year,
-- products, industries and their weights).
CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    programme TEXT NOT NULL CHECK (programme IN ('cnht', 'key_products', 'other')),
    doc_number TEXT NOT NULL,
    doc_date TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    year_from INTEGER NOT NULL,
    year_to INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'in_force', 'closed')),
    budget BIGINT NOT NULL DEFAULT 0,
    budget_approx BOOLEAN NOT NULL DEFAULT FALSE,
    notes TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (year_from <= year_to)
);
CREATE INDEX plans_years ON plans (year_to, year_from);

CREATE TABLE plan_files (
    plan_id BIGINT PRIMARY KEY REFERENCES plans (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    content BLOB NOT NULL,
    uploaded_at BIGINT NOT NULL
);

CREATE TABLE targets (
    id INTEGER PRIMARY KEY,
    plan_id BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    indicator TEXT NOT NULL,
    year INTEGER NOT NULL,
    per_year BOOLEAN NOT NULL DEFAULT FALSE,
    kind TEXT NOT NULL CHECK (kind IN ('exact', 'range', 'floor', 'ceiling')),
    low BIGINT NOT NULL DEFAULT 0,
    high BIGINT NOT NULL DEFAULT 0,
    approx BOOLEAN NOT NULL DEFAULT FALSE,
    baseline BIGINT NOT NULL DEFAULT 0,
    baseline_year INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX targets_plan ON targets (plan_id, position, id);

CREATE TABLE stat_periods (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    quarter INTEGER NOT NULL DEFAULT 0 CHECK (quarter BETWEEN 0 AND 4),
    opens_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    UNIQUE (year, quarter)
);

CREATE TABLE stat_reports (
    id INTEGER PRIMARY KEY,
    period_id BIGINT NOT NULL REFERENCES stat_periods (id),
    enterprise_id BIGINT NOT NULL REFERENCES enterprises (id),
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
    output_value BIGINT NOT NULL DEFAULT 0,
    revenue BIGINT NOT NULL DEFAULT 0,
    export_turnover BIGINT NOT NULL DEFAULT 0,
    employees BIGINT NOT NULL DEFAULT 0,
    jump_confirmed BOOLEAN NOT NULL DEFAULT FALSE,
    on_behalf BOOLEAN NOT NULL DEFAULT FALSE,
    submitted_by BIGINT NOT NULL DEFAULT 0,
    submitted_at BIGINT NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL,
    UNIQUE (period_id, enterprise_id)
);
CREATE INDEX stat_reports_enterprise ON stat_reports (enterprise_id, period_id);

CREATE TABLE stat_report_items (
    report_id BIGINT NOT NULL REFERENCES stat_reports (id) ON DELETE CASCADE,
    product_code TEXT NOT NULL,
    unit TEXT NOT NULL,
    quantity BIGINT NOT NULL,
    base_quantity BIGINT NOT NULL,
    PRIMARY KEY (report_id, product_code)
);

-- Totals of the submitted reports of a period, kept in the transaction of
-- every submission so that the dashboard reads a row per year instead of
-- summing every report.
CREATE TABLE stat_totals (
    period_id BIGINT PRIMARY KEY REFERENCES stat_periods (id),
    reports BIGINT NOT NULL DEFAULT 0,
    output_value BIGINT NOT NULL DEFAULT 0,
    revenue BIGINT NOT NULL DEFAULT 0,
    export_turnover BIGINT NOT NULL DEFAULT 0,
    employees BIGINT NOT NULL DEFAULT 0
);

-- For the production index of year Y: per product, the quantities of Y-1
-- (q0) and Y (q1) summed over the enterprises that reported the product in
-- both years' submitted yearly reports (a matched sample, as the
-- statistics office's), kept with every submission.
CREATE TABLE stat_pairs (
    year INTEGER NOT NULL,
    product_code TEXT NOT NULL,
    q0 BIGINT NOT NULL DEFAULT 0,
    q1 BIGINT NOT NULL DEFAULT 0,
    enterprises BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (year, product_code)
);

CREATE TABLE stat_reminders (
    period_id BIGINT NOT NULL REFERENCES stat_periods (id),
    enterprise_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (period_id, enterprise_id, kind)
);

-- Figures officers enter: the statistics office's city totals and the
-- programme's own records. A revision is a new row; the latest row of a
-- (metric, year) is the current value, the earlier ones stay.
CREATE TABLE city_figures (
    id INTEGER PRIMARY KEY,
    metric TEXT NOT NULL,
    year INTEGER NOT NULL,
    value BIGINT NOT NULL,
    source TEXT NOT NULL,
    source_date TEXT NOT NULL DEFAULT '',
    revision TEXT NOT NULL CHECK (revision IN ('preliminary', 'revised')),
    entered_by BIGINT NOT NULL DEFAULT 0,
    entered_at BIGINT NOT NULL
);
CREATE INDEX city_figures_metric ON city_figures (metric, year, id);

-- The production index's basket: products (with the unit quantities are
-- reported in and the base year's production value as weight), their
-- 4-digit industries (weight: base-year value added) and the group.
CREATE TABLE index_items (
    base_year INTEGER NOT NULL,
    code TEXT NOT NULL,
    parent_code TEXT NOT NULL DEFAULT '',
    level TEXT NOT NULL CHECK (level IN ('product', 'industry', 'group')),
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    weight BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (base_year, code)
);
