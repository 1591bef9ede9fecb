;;; check.el --- Drives Emacs + eglot in batch mode through what a writer does, and writes
;;; what it saw as JSON to $HEALTHMARK_RESULTS (the assertions are in
;;; test/clients/editors.test.ts). Every step waits on a condition with a timeout while
;;; Emacs processes the server's output and its timers, never a fixed sleep.
;;;
;;; Run as: emacs --batch -q -l check.el ARTICLE, with $HEALTHMARK_INIT naming the user config
;;; (test/clients/emacs/init.el). $HEALTHMARK_EGLOT_MODE=initializationOptions instead passes the
;;; settings as eglot's :initializationOptions, with no eglot-workspace-configuration.
(require 'package)
(package-activate-all)                  ; as a normal start does before the user's init file
(require 'json)
(require 'cl-lib)

;; Without the markdown-mode package, a plain major mode of that name (eglot picks its server
;; and languageId "markdown" by the mode's name).
(unless (fboundp 'markdown-mode)
  (define-derived-mode markdown-mode text-mode "Markdown"))
(add-to-list 'auto-mode-alist '("\\.md\\'" . markdown-mode))

(load (getenv "HEALTHMARK_INIT") nil t)

(defvar hm-out (getenv "HEALTHMARK_RESULTS"))
(defvar hm-claim-line (string-to-number (getenv "HEALTHMARK_CLAIM_LINE")))
(defvar hm-claim-column (string-to-number (getenv "HEALTHMARK_CLAIM_COLUMN")))
(defvar hm-term (getenv "HEALTHMARK_TERM"))
(defvar hm-timeout (/ (string-to-number (or (getenv "HEALTHMARK_STEP_TIMEOUT") "20000")) 1000.0))
(defvar hm-seen (list (cons 'emacs emacs-version) (cons 'eglot (if (boundp 'eglot-version) eglot-version "1.9"))))
(defvar hm-steps nil)
(defvar hm-warnings nil)

(defun hm-put (key value) (push (cons key value) hm-seen))

(defun hm-finish ()
  (hm-put 'steps (vconcat (reverse hm-steps)))
  (hm-put 'warnings (vconcat (reverse hm-warnings)))
  (with-temp-file hm-out (insert (json-encode hm-seen)))
  (kill-emacs 0))

(defun hm-idle ()
  "What Emacs does when the user pauses: run its idle timers (batch mode is never idle).
eglot sends buffer changes and flymake re-checks from idle timers."
  (dolist (timer (copy-sequence timer-idle-list))
    (timer-event-handler timer)))

(defun hm-step (name cond)
  "Wait for COND (a function) to return non-nil; record NAME as done or timed out.
Meanwhile Emacs reads the server's output, runs its timers, and goes idle every 250 ms."
  (let ((start (float-time)) (idle (float-time)) ok)
    (while (and (not (setq ok (funcall cond))) (< (- (float-time) start) hm-timeout))
      (accept-process-output nil 0.05)
      (when (> (- (float-time) idle) 0.25)
        (hm-idle)
        (setq idle (float-time))))
    (push (list (cons 'name name) (cons 'ok (if ok t :json-false)) (cons 'ms (round (* 1000 (- (float-time) start))))) hm-steps)
    (unless ok (hm-put 'failed name) (hm-finish))))

;; eglot's warnings to the user (e.g. "Server tried to register unsupported capability").
(advice-add 'eglot--warn :before (lambda (fmt &rest args) (push (apply #'format fmt args) hm-warnings)))

(when (equal (getenv "HEALTHMARK_EGLOT_MODE") "initializationOptions")
  (setq-default eglot-workspace-configuration nil)
  (setq eglot-server-programs
        (cons '(markdown-mode . ("healthmark-language-server" "--stdio"
                                 :initializationOptions (:healthmark (:severity (:uncited-claim "information")))))
              eglot-server-programs)))

(defun hm-diagnostics ()
  (cl-loop for d in (flymake-diagnostics)
           for lsp = (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d)))
           when (and lsp (equal (plist-get lsp :source) "healthmark"))
           collect (list (cons 'line (line-number-at-pos (flymake-diagnostic-beg d)))
                         (cons 'code (plist-get lsp :code))
                         (cons 'severity (plist-get lsp :severity))
                         (cons 'type (symbol-name (flymake-diagnostic-type d))))))

(defun hm-claims-on (line)
  (cl-count-if (lambda (d) (and (equal (alist-get 'code d) "uncited-claim") (or (null line) (= (alist-get 'line d) line))))
               (hm-diagnostics)))

(defun hm-claim-severities ()
  (delete-dups (cl-loop for d in (hm-diagnostics) when (equal (alist-get 'code d) "uncited-claim") collect (alist-get 'severity d))))

(condition-case err
    (progn
      (find-file (car command-line-args-left))
      (setq command-line-args-left nil)
      ;; eglot-ensure connects after the command that opened the file: end that command.
      (run-hooks 'post-command-hook)
      (hm-step "attach" (lambda () (and (eglot-current-server) eglot--managed-mode)))
      (hm-put 'languageId (eglot--language-id (eglot-current-server)))

      ;; 1. Diagnostics arrive, through flymake.
      (hm-step "diagnostics" (lambda () (> (hm-claims-on hm-claim-line) 0)))
      (hm-put 'diagnostics (vconcat (hm-diagnostics)))
      ;; The settings of init.el (uncited claims as information) are in force.
      (hm-step "settings applied" (lambda () (equal (hm-claim-severities) '(3))))
      (hm-put 'severities_initial (vconcat (hm-claim-severities)))

      ;; 2. Hover on the first glossary term after the frontmatter, through eglot's eldoc function.
      (goto-char (point-min))
      (when (looking-at "---\n") (forward-line 1) (re-search-forward "^---$"))
      (search-forward hm-term)
      (backward-char 2)
      (let (hover)
        (eglot-hover-eldoc-function (lambda (info &rest _) (setq hover (or info ""))))
        (hm-step "hover" (lambda () hover))
        (hm-put 'hover (substring-no-properties hover)))

      ;; 3. The quick fix through eglot-code-actions: the user picks the first "Cite …" action,
      ;;    and eglot applies its edit with its own eglot--apply-workspace-edit.
      (goto-char (point-min))
      (forward-line (1- hm-claim-line))
      (forward-char hm-claim-column)
      (let ((last-nonmenu-event 13) titles)
        (cl-letf (((symbol-function 'completing-read)
                   (lambda (_prompt collection &rest _)
                     (setq titles (mapcar #'car collection))
                     (hm-put 'actions (vconcat titles))
                     (or (cl-find-if (lambda (title) (string-prefix-p "Cite " title)) titles) (car titles)))))
          (eglot-code-actions (point) nil nil t)))
      (hm-step "quick fix applied"
               (lambda () (save-excursion (goto-char (point-min)) (forward-line (1- hm-claim-line))
                                          (string-match-p "\\[@" (buffer-substring (line-beginning-position) (line-end-position))))))
      (hm-put 'fixed_line (save-excursion (goto-char (point-min)) (forward-line (1- hm-claim-line))
                                          (buffer-substring-no-properties (line-beginning-position) (line-end-position))))
      (hm-step "warning cleared" (lambda () (and (= (hm-claims-on hm-claim-line) 0) (> (hm-claims-on nil) 0))))
      (hm-put 'after_fix (vconcat (hm-diagnostics)))

      ;; 4. Settings changed the eglot way: eglot-workspace-configuration, then a signal.
      (hm-put 'severities_before_change (vconcat (hm-claim-severities)))
      (setq-default eglot-workspace-configuration '(:healthmark (:severity (:uncited-claim "hint"))))
      (eglot-signal-didChangeConfiguration (eglot-current-server))
      (hm-step "settings change" (lambda () (equal (hm-claim-severities) '(4))))
      (hm-put 'severities_after_change (vconcat (hm-claim-severities)))
      (ignore-errors (eglot-shutdown (eglot-current-server))))
  (error (hm-put 'error (error-message-string err))))
(hm-finish)
