;;; init.el --- Healthmark in Emacs with eglot: the README's snippet, run by
;;; test/clients/editors.test.ts with Debian's Emacs 28 and eglot 1.9. Keep the two identical.
(require 'eglot)
(add-to-list 'eglot-server-programs
             '(markdown-mode . ("healthmark-language-server" "--stdio")))
;; Settings: answered to the server's workspace/configuration request (section "healthmark").
(setq-default eglot-workspace-configuration
              '(:healthmark (:severity (:uncited-claim "information"))))
(add-hook 'markdown-mode-hook #'eglot-ensure)
