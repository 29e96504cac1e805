;; The README's Emacs eglot snippet, headless: HYOKA=… FILE=… emacs -Q --batch -l eglot.el
(require 'package)
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'eglot)
;; --- snippet from the README ---
(define-derived-mode hyoka-mode text-mode "Hyoka"
  "Major mode for Hyoka policy-evaluation reports."
  (setq-local comment-start "// ")
  (setq-local comment-start-skip "//+ *"))
(add-to-list 'auto-mode-alist '("\\.hyoka\\'" . hyoka-mode))
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '(hyoka-mode . ("hyoka" "lsp"))))
(add-hook 'hyoka-mode-hook #'eglot-ensure)
;; --- end ---
(when (getenv "HYOKA_HY0204_OFF")
  (setq-default eglot-workspace-configuration '(:hyoka (:checks (:HY0204 "off")))))
(defvar hyoka-want (string-to-number (or (getenv "WANT") "28")))
(setq eglot-server-programs (cons `(hyoka-mode . (,(getenv "HYOKA") "lsp")) eglot-server-programs))
(find-file (getenv "FILE"))
(message "major mode: %s" major-mode)
(call-interactively (function eglot))
(let ((deadline (+ (float-time) 30)) (n 0))
  (while (and (< (float-time) deadline)
              (progn (accept-process-output nil 0.2)
                     (setq n (length (flymake-diagnostics)))
                     (/= n hyoka-want)))
    nil)
  (message "server: %S" (and (eglot-current-server) (eglot-project-nickname (eglot-current-server))))
  (message "diagnostics: %d" n)
  (dolist (d (flymake-diagnostics))
    (when (string-match "HY0104\\|HY0106" (flymake-diagnostic-text d))
      (message "  line %d: %s" (line-number-at-pos (flymake-diagnostic-beg d)) (substring (flymake-diagnostic-text d) 0 (min 70 (length (flymake-diagnostic-text d)))))))
  (kill-emacs (if (= n hyoka-want) 0 1)))
