-- Healthmark in Neovim 0.7 (vim.lsp.start_client): the README's snippet, run by
-- test/clients/editors.test.ts with Debian's Neovim 0.7.2. Keep the two identical.
local healthmark_client
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'markdown',
  callback = function(args)
    healthmark_client = healthmark_client or vim.lsp.start_client({
      name = 'healthmark',
      cmd = { 'healthmark-language-server', '--stdio' },
      root_dir = vim.fn.getcwd(),
      settings = { healthmark = { severity = { ['uncited-claim'] = 'information' } } },
      -- Neovim 0.7 answers requests for `settings` but does not announce it (0.8+ does): push them.
      on_init = function(client)
        client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
      end,
    })
    vim.lsp.buf_attach_client(args.buf, healthmark_client)
  end,
})
