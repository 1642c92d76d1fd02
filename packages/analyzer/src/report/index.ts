export { buildReport, type ReportInput } from './json.js';
export { renderMarkdown } from './markdown.js';
export { renderHtml } from './html.js';
