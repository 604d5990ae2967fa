-- 007: the words of the full-text index, for "did you mean": a search that
-- finds nothing looks here for a word one letter away from what was typed.
CREATE VIRTUAL TABLE activity_vocab USING fts5vocab (activity_fts, 'row');
