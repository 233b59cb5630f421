"""Stage 2, evidence: which sentences report findings, and the evidence rows read from them."""
