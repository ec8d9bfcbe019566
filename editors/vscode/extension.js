// The kadenz extension for VS Code: starts `kadenz lsp` (the language server of the kadenz
// command, docs/editor.md) for every .kadenz file and hands it to vscode-languageclient, which
// shows the diagnostics and offers hover, definition, references, completion, the outline,
// formatting and quick fixes. Install the dependency with `npm install` in this folder (the
// kadenz build itself never needs npm).
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration('kadenz');
  const command = config.get('path') || 'kadenz';
  const lang = config.get('lang');
  const args = ['lsp'];
  if (lang) args.push('--lang', lang);
  const server = { command, args, transport: TransportKind.stdio };
  client = new LanguageClient('kadenz', 'kadenz', { run: server, debug: server }, {
    documentSelector: [{ language: 'kadenz' }],
  });
  client.start();
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
