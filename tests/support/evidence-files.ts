/** Small real files of each 佐证材料 type (magic bytes and all), for the store's and the API's tests. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
export const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0', 'latin1'),
]);
export const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
export const TEXT = Buffer.from('整改进展说明：已完成方案起草。\n');
/** The start of a zip as Word writes it: the entry names are in clear in the local headers. */
export const DOCX = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  Buffer.from('\x14\0\0\0\x08\0[Content_Types].xml ... PK\x03\x04 word/document.xml', 'latin1'),
]);
export const XLSX = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  Buffer.from('\x14\0\0\0\x08\0[Content_Types].xml ... PK\x03\x04 xl/workbook.xml', 'latin1'),
]);
/** An executable is none of the allowed types, whatever its name says. */
export const EXE = Buffer.from('MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0', 'latin1');
