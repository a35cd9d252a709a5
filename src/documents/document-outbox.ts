/** The search outbox's name for "this document's passages changed". */
export const DOCUMENT_OUTBOX_TYPE = 'DOCUMENT';
