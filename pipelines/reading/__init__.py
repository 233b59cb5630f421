"""Reading articles in the forms users hold them (Markdown, PDF, JATS XML, GROBID TEI, plain text) into one document model."""
