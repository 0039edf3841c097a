export { type AnnualReportInput, annualReportTree, type YearRound } from './annual.js';
export { type AnnualReportData, loadAnnualReport } from './load.js';
export { htmlPage } from './page.js';
export {
  CHROMIUM_ARGS,
  ChromiumMissing,
  chromiumPath,
  type PrintOptions,
  printPdf,
} from './pdf.js';
export {
  annualReportHtml,
  annualReportMarkdown,
  htmlDocument,
  reportHtml,
  reportMarkdown,
} from './render.js';
export { reportedBy, reportTree, typed } from './tree.js';
