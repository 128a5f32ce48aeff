-- Appeal categories are administered in the UI (issue 5, NEEDS.md): an optional English name
-- beside the zh-CN one, shown to English-language users. The seeded categories get theirs.
ALTER TABLE appeal_categories ADD COLUMN name_en text;

UPDATE appeal_categories SET name_en = v.name_en
  FROM (VALUES ('consult', 'Policy enquiry'), ('environment', 'Sanitation'), ('roads', 'Roads and traffic'),
               ('water', 'Water and power'), ('neighbour', 'Neighbour dispute'), ('welfare', 'Welfare'),
               ('land', 'Land and forest'), ('safety', 'Safety hazard'), ('other', 'Other')) AS v(code, name_en)
  WHERE appeal_categories.code = v.code;
