-- A real editor session for tests/test_lsp_nvim.cpp: Neovim's built-in LSP client (0.7, Debian
-- bookworm: start_client + buf_attach_client) starts `kadenz lsp`, opens a policy, waits for the
-- diagnostics, asks for a hover and a completion, formats the buffer, and writes what it got to
-- the JSON file KADENZ_OUT. The C++ test decides what is right; this script only records.
local env = function(name) return os.getenv(name) end
local results = { steps = {} }

local function record_step(name) table.insert(results.steps, name) end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(env('KADENZ_POLICY')))
  local buf = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'kadenz',
    cmd = { env('KADENZ_CLI'), 'lsp' },
    root_dir = vim.fn.fnamemodify(env('KADENZ_POLICY'), ':h'),
  })
  assert(client_id, 'start_client failed')
  vim.lsp.buf_attach_client(buf, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  record_step('attached')

  results.got_diagnostics = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
  results.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(results.diagnostics, { lnum = d.lnum, col = d.col, end_col = d.end_col, message = d.message,
                                        code = d.code, severity = d.severity })
  end
  record_step('diagnostics')

  local doc = vim.lsp.util.make_text_document_params(buf)
  local hover = client.request_sync('textDocument/hover', {
    textDocument = doc,
    position = { line = tonumber(env('KADENZ_HOVER_LINE')), character = tonumber(env('KADENZ_HOVER_CHAR')) },
  }, 10000, buf)
  results.hover = hover and hover.result and hover.result.contents.value or vim.NIL
  record_step('hover')

  local completion = client.request_sync('textDocument/completion', {
    textDocument = doc,
    position = { line = tonumber(env('KADENZ_COMPLETE_LINE')), character = tonumber(env('KADENZ_COMPLETE_CHAR')) },
  }, 10000, buf)
  results.completion = {}
  if completion and completion.result then
    for _, item in ipairs(completion.result.items or completion.result) do table.insert(results.completion, item.label) end
  end
  record_step('completion')

  vim.lsp.buf.formatting_sync(nil, 10000)
  results.formatted = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. '\n'
  record_step('formatting')

  vim.lsp.stop_client(client_id)
  results.stopped = vim.wait(10000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
end)
results.error = ok and vim.NIL or tostring(err)
local f = assert(io.open(env('KADENZ_OUT'), 'w'))
f:write(vim.fn.json_encode(results))
f:close()
vim.cmd('qall!')
