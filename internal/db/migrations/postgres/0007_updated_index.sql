-- The supplier search keeps its index in step by asking, every moment,
-- which enterprises changed since it last looked (on every instance).
CREATE INDEX enterprises_updated ON enterprises (updated_at);
