-- Drives Neovim 0.7 headless through what a writer does, after init.lua has attached the
-- server to the opened article, and writes what it saw as JSON to $HEALTHMARK_RESULTS (the
-- assertions are in test/clients/editors.test.ts). Every step waits on a condition with a
-- timeout (vim.wait processes events while it polls), never a fixed sleep.
local out = assert(os.getenv('HEALTHMARK_RESULTS'), 'HEALTHMARK_RESULTS is not set')
local claim_line = tonumber(os.getenv('HEALTHMARK_CLAIM_LINE')) -- 1-based
local claim_col = tonumber(os.getenv('HEALTHMARK_CLAIM_COLUMN')) -- 0-based
local term = os.getenv('HEALTHMARK_TERM')
local timeout = tonumber(os.getenv('HEALTHMARK_STEP_TIMEOUT') or '20000')

local seen = { version = vim.version(), steps = {} }
local buf = vim.api.nvim_get_current_buf()

local function finish()
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(seen))
  f:close()
  vim.cmd('qa!')
end

--- Waits for `cond()` to be truthy; records the step as done or timed out.
local function step(name, cond)
  local started = vim.loop.now()
  local ok = vim.wait(timeout, cond, 50)
  table.insert(seen.steps, { name = name, ok = ok, ms = vim.loop.now() - started })
  if not ok then
    seen.failed = name
    finish()
  end
end

local function diagnostics()
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.source == 'healthmark' then
      table.insert(list, { line = d.lnum + 1, code = d.code, severity = d.severity, message = d.message })
    end
  end
  return list
end

local function claims_on(line)
  local n = 0
  for _, d in ipairs(diagnostics()) do
    if d.code == 'uncited-claim' and (line == nil or d.line == line) then n = n + 1 end
  end
  return n
end

local function claim_severities()
  local s = {}
  for _, d in ipairs(diagnostics()) do
    if d.code == 'uncited-claim' then s[d.severity] = true end
  end
  return vim.tbl_keys(s)
end

local ok, err = pcall(function()
  local client
  step('attach', function()
    for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
      if c.name == 'healthmark' then client = c end
    end
    return client ~= nil and client.initialized
  end)
  seen.client = client.name

  -- 1. Diagnostics arrive (through vim.diagnostic, as the user sees them).
  step('diagnostics', function() return claims_on(claim_line) > 0 end)
  seen.diagnostics = diagnostics()
  -- The settings of init.lua (uncited claims as information) are in force.
  step('settings applied', function()
    local s = claim_severities()
    return #s == 1 and s[1] == vim.diagnostic.severity.INFO
  end)
  seen.severities_initial = claim_severities()

  -- 2. A hover on the first glossary term after the frontmatter, through vim.lsp.buf.hover()'s float.
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local body = 1
  if lines[1] == '---' then
    for i = 2, #lines do
      if lines[i] == '---' then body = i + 1; break end
    end
  end
  for i = body, #lines do
    local col = lines[i]:find(term, 1, true)
    if col then
      vim.api.nvim_win_set_cursor(0, { i, col })
      break
    end
  end
  local main_win = vim.api.nvim_get_current_win()
  vim.lsp.buf.hover()
  local float
  step('hover', function()
    for _, w in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(w).relative ~= '' then float = w; return true end
    end
    return false
  end)
  seen.hover = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(float), 0, -1, false)
  vim.api.nvim_win_close(float, true)
  vim.api.nvim_set_current_win(main_win)

  -- 3. The quick fix through vim.lsp.buf.code_action(): the user picks the first "Cite …"
  --    action in vim.ui.select, and Neovim applies its edit with its own apply_workspace_edit.
  vim.api.nvim_win_set_cursor(0, { claim_line, claim_col })
  seen.actions = {}
  vim.ui.select = function(items, opts, on_choice)
    for _, item in ipairs(items) do
      table.insert(seen.actions, (opts.format_item(item)))
    end
    for _, item in ipairs(items) do
      if item[2].title:find('^Cite ') then
        seen.picked = item[2].title
        return on_choice(item)
      end
    end
    on_choice(nil)
  end
  vim.lsp.buf.code_action()
  step('quick fix applied', function()
    return vim.api.nvim_buf_get_lines(buf, claim_line - 1, claim_line, false)[1]:find('%[@') ~= nil
  end)
  seen.fixed_line = vim.api.nvim_buf_get_lines(buf, claim_line - 1, claim_line, false)[1]
  step('warning cleared', function() return claims_on(claim_line) == 0 and claims_on(nil) > 0 end)
  seen.after_fix = diagnostics()

  -- 4. Settings changed the Neovim way: the client's settings table, then a push.
  seen.severities_before_change = claim_severities()
  client.config.settings = { healthmark = { severity = { ['uncited-claim'] = 'hint' } } }
  client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
  step('settings change', function()
    local s = claim_severities()
    return #s == 1 and s[1] == vim.diagnostic.severity.HINT
  end)
  seen.severities_after_change = claim_severities()
end)
if not ok then seen.error = tostring(err) end
finish()
