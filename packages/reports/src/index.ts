export { htmlDocument, reportHtml, reportMarkdown } from './render.js';
export { reportedBy, reportTree, typed } from './tree.js';
