#!/usr/bin/env node
// A committed shim: npm links workspace bins at install time, before dist/ exists.
import '../dist/main.js';
