;;; hyoka-mode.el --- Major mode for Hyoka policy-evaluation reports  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages

;;; Commentary:

;; Hyoka is a plain-text markup for Japanese policy-evaluation reports
;; (政策評価書, 事前分析表, 政策評価調書); `hyoka lsp' is its language server
;; (see docs/format.md and docs/features.md in the hyoka repository).
;;
;; This mode gives `.hyoka' files comments (`//' at the start of a line),
;; highlighting of headings, attributes and table rows, an outline for
;; `outline-minor-mode' and `imenu', and registers `hyoka lsp' with Eglot:
;;
;;   (add-to-list 'load-path "/path/to/hyoka/editors/emacs")
;;   (require 'hyoka-mode)
;;   (add-hook 'hyoka-mode-hook #'eglot-ensure)
;;
;; The workspace root Eglot gives the server is the nearest folder above the
;; file that holds hyoka.toml, else the project (the git repository), else
;; the file's own folder.

;;; Code:

(require 'cl-lib)

(defgroup hyoka nil
  "Hyoka policy-evaluation reports."
  :group 'languages
  :prefix "hyoka-")

(defcustom hyoka-executable "hyoka"
  "The hyoka program: a name on variable `exec-path' or an absolute file name.
Eglot starts the language server as \"HYOKA-EXECUTABLE lsp\"; the value
is read each time a server starts."
  :type 'string
  :group 'hyoka)

(defface hyoka-marker-face
  '((t :inherit font-lock-builtin-face))
  "Face for the markers that start a line: `#', `@', `|'."
  :group 'hyoka)

(defface hyoka-heading-face
  '((t :inherit font-lock-function-name-face :weight bold))
  "Face for the title of a heading."
  :group 'hyoka)

(defface hyoka-keyword-face
  '((t :inherit font-lock-keyword-face))
  "Face for the type of a heading: 測定指標, 個別分野, 達成手段..."
  :group 'hyoka)

(defface hyoka-main-mark-face
  '((t :inherit font-lock-warning-face))
  "Face for `＊', the mark of a 主要 indicator."
  :group 'hyoka)

(defface hyoka-attribute-key-face
  '((t :inherit font-lock-variable-name-face))
  "Face for the key of an attribute (`@key:')."
  :group 'hyoka)

(defconst hyoka--heading-keywords
  '("政策評価書" "事前分析表" "政策評価調書" "個別分野" "測定指標" "参考指標" "達成手段"
    "evaluation" "plan" "budget-sheet" "field" "indicator" "reference" "means")
  "The words that give a heading its type (docs/format.md, section 2).")

;; A line's kind is decided by its first character after spaces; each marker
;; has a full-width form too.
(defvar hyoka-font-lock-keywords
  `(;; Headings: `### 測定指標 1-1 title ＊'.
    (,(concat "^[ \t]*\\([#＃]+\\)[ \t　]*\\("
              (regexp-opt hyoka--heading-keywords)
              "\\)?\\(.*?\\)\\([＊*]\\)?[ \t　]*$")
     (1 'hyoka-marker-face)
     (2 'hyoka-keyword-face nil t)
     (3 'hyoka-heading-face)
     (4 'hyoka-main-mark-face nil t))
    ;; Attributes: `@key: value'.
    ("^[ \t]*\\([@＠]\\)\\([^:：\n]*\\)\\([:：]\\)"
     (1 'hyoka-marker-face)
     (2 'hyoka-attribute-key-face)
     (3 'hyoka-marker-face))
    ;; Table rows: every cell separator of the row.
    ("^[ \t]*[|｜]"
     ("[|｜]"
      (progn (goto-char (match-beginning 0)) (line-end-position))
      nil
      (0 'hyoka-marker-face))))
  "Highlighting for `hyoka-mode'.  Comments are found by syntax.")

(defvar hyoka-mode-syntax-table
  (let ((table (make-syntax-table text-mode-syntax-table)))
    ;; Comments end at the end of the line; where they start is decided by
    ;; `hyoka--syntax-propertize', because `//' starts a comment only at the
    ;; start of a line (`https://…' in prose is not one).
    (modify-syntax-entry ?\n ">" table)
    table)
  "Syntax table for `hyoka-mode'.")

(defconst hyoka--syntax-propertize
  (syntax-propertize-rules
   ("^[ \t]*\\(/\\)/" (1 "<"))
   ("^[ \t]*\\(／\\)／" (1 "<")))
  "Marks the `//' (or `／／') that starts a comment line.")

(defun hyoka--outline-level ()
  "The depth of the heading at point: its number of `#'."
  (save-excursion
    (skip-chars-forward " \t")
    (let ((start (point)))
      (skip-chars-forward "#＃")
      (- (point) start))))

(defun hyoka--project-find (dir)
  "The folder holding the nearest hyoka.toml above DIR, as a project.
In `project-find-functions' of Hyoka buffers, before the VC backend, so
that Eglot gives the server that folder as the workspace root."
  (let ((root (locate-dominating-file dir "hyoka.toml")))
    (when root
      (cons 'transient (file-name-as-directory (expand-file-name root))))))

;;;###autoload
(define-derived-mode hyoka-mode text-mode "Hyoka"
  "Major mode for Hyoka policy-evaluation reports.

A line is a heading (`#'), an attribute (`@key: value'), a table
row (`|'), a comment (`//') or prose.  With Eglot, `hyoka lsp' checks the
report as you type; see `hyoka-executable'.

\\{hyoka-mode-map}"
  :group 'hyoka
  (setq-local comment-start "// ")
  (setq-local comment-end "")
  (setq-local comment-start-skip "\\(?://+\\|／／+\\)[ \t]*")
  (setq-local comment-use-syntax t)
  (setq-local syntax-propertize-function hyoka--syntax-propertize)
  (setq-local font-lock-defaults '(hyoka-font-lock-keywords))
  ;; Headings, attributes, rows and comments are paragraphs of their own.
  (setq-local paragraph-start
              (concat "[ \t]*\\(?:[#＃@＠|｜]\\|//\\|／／\\)\\|" paragraph-start))
  (setq-local outline-regexp "[ \t]*[#＃]+")
  (setq-local outline-level #'hyoka--outline-level)
  (setq-local imenu-generic-expression
              '((nil "^[ \t]*[#＃]+[ \t　]*\\(.+\\)$" 1)))
  (add-hook 'project-find-functions #'hyoka--project-find nil t))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.hyoka\\'" . hyoka-mode))

(defun hyoka-eglot-contact (&optional _interactive)
  "Return the command line of the Hyoka server, for Eglot.
That is `hyoka-executable' and \"lsp\"."
  (list hyoka-executable "lsp"))

(defcustom hyoka-eglot-decode-uris t
  "Non-nil means decode the file names Eglot makes from URIs.
Eglot 1.9 turns a file:// URI into a file name with
`url-unhex-string' and does not decode the UTF-8 bytes, so a folder
named in Japanese comes back as raw bytes.  A file first opened from
such a name (go to definition into a file that is not open yet) then
belongs to another project than the rest of the folder: Eglot does not
manage it with the running server, and `eglot-ensure' starts a second
one.  With this option, `hyoka-mode' decodes those names (for every
Eglot server; names without raw bytes are left as they are)."
  :type 'boolean
  :group 'hyoka)

(defun hyoka--decode-file-name (name)
  "Return NAME with raw UTF-8 bytes decoded, if `hyoka-eglot-decode-uris'."
  (if (and hyoka-eglot-decode-uris
           (stringp name)
           ;; Raw bytes: eight-bit characters, or bytes above 127 in a
           ;; unibyte string.
           (if (multibyte-string-p name)
               (cl-some (lambda (c) (<= #x3fff80 c #x3fffff)) name)
             (string-match-p "[\200-\377]" name)))
      (decode-coding-string (encode-coding-string name 'utf-8 t) 'utf-8 t)
    name))

(defvar eglot-server-programs)

;;;###autoload
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '(hyoka-mode . hyoka-eglot-contact)))

(with-eval-after-load 'eglot
  (dolist (fn '(eglot--uri-to-path eglot-uri-to-path))
    (when (fboundp fn)
      (advice-add fn :filter-return #'hyoka--decode-file-name))))

(provide 'hyoka-mode)
;;; hyoka-mode.el ends here
