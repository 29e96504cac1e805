;;; test-eglot.el --- Headless test of hyoka-mode with Eglot  -*- lexical-binding: t; -*-

;; HYOKA=/abs/path/to/hyoka emacs -Q --batch -l editors/emacs/test/test-eglot.el
;;
;; (.ci/emacs.sh runs it so.)  Copies examples/mofa-I-2 into a temporary
;; folder whose path has Japanese, spaces and full-width characters and no
;; hyoka.toml or .git above it, opens evaluation.hyoka with the set-up of
;; editors/emacs/README.md (`eglot-ensure' in `hyoka-mode-hook') and checks:
;; the mode (comments, highlighting); the workspace root and its rules; the
;; diagnostics against `hyoka check --format json' of the same folder (HY0106
;; needs plan.hyoka, which is not open); again after typing a character;
;; hover; go to definition into plan.hyoka, managed by the same server;
;; `eglot-shutdown', and that the server answered `shutdown' and exited with
;; status 0; a restart with settings.  Prints `ok NAME' /
;; `FAIL NAME: why' lines and `N passed, N failed' to stdout and exits
;; non-zero on any failure.  Writes only under a `make-temp-file' folder,
;; deleted at the end.
;;
;; Batch mode has no command loop, so the test does what the loop would:
;; it runs `post-command-hook' after opening a file (where `eglot-ensure'
;; connects) and the idle timers after an edit (where Eglot sends didChange
;; and Flymake asks for diagnostics).

;;; Code:

(require 'cl-lib)
(require 'package)
;; Debian's elpa-eglot; `-Q' does not look there.
(add-to-list 'package-directory-list
             (or (getenv "HYOKA_ELPA_DIR") "/usr/share/emacs/site-lisp/elpa"))
(package-initialize)
(require 'eglot)
(require 'xref)

(defvar hyoka-test--here (file-name-directory (or load-file-name buffer-file-name)))
(defvar hyoka-test--repo (expand-file-name "../../../" hyoka-test--here))

;; The set-up of editors/emacs/README.md.
(add-to-list 'load-path (expand-file-name ".." hyoka-test--here))
(require 'hyoka-mode)
(add-hook 'hyoka-mode-hook #'eglot-ensure)
(setq hyoka-executable (or (getenv "HYOKA") "hyoka"))

(setq make-backup-files nil
      auto-save-default nil
      create-lockfiles nil)

;;; Harness

(defvar hyoka-test--passed 0)
(defvar hyoka-test--failed 0)

(defun hyoka-test--out (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n")))

(defun hyoka-test--check (name ok &optional why &rest args)
  "Report NAME as passed when OK, else failed with WHY formatted with ARGS."
  (if ok
      (progn (cl-incf hyoka-test--passed) (hyoka-test--out "ok %s" name))
    (cl-incf hyoka-test--failed)
    (hyoka-test--out "FAIL %s: %s" name (if why (apply #'format why args) "")))
  ok)

(defun hyoka-test--wait (seconds pred)
  "Process output and timers until PRED is true or SECONDS pass."
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (funcall pred)))

(defun hyoka-test--run-idle-timers ()
  "Run the idle timers, as the command loop does when the user pauses."
  (dolist (timer (copy-sequence timer-idle-list))
    (when (memq timer timer-idle-list)
      (timer-event-handler timer))))

(defun hyoka-test--diagnostics ()
  "The Flymake diagnostics of the buffer as sorted \"LINE CODE\" strings."
  (sort (mapcar (lambda (d)
                  (format "%04d %s"
                          (line-number-at-pos (flymake-diagnostic-beg d))
                          (let ((text (flymake-diagnostic-text d)))
                            (if (string-match "\\[\\(HY[0-9]+\\)\\]" text)
                                (match-string 1 text)
                              "?"))))
                (flymake-diagnostics))
        #'string<))

(defun hyoka-test--count (pairs code)
  (cl-count-if (lambda (p) (string-suffix-p (concat " " code) p)) pairs))

;; Every publishDiagnostics: (URI VERSION COUNT HY0106-COUNT), newest first.
(defvar hyoka-test--published nil)
(advice-add 'eglot-handle-notification :after
            (lambda (_server method &rest params)
              (when (eq method 'textDocument/publishDiagnostics)
                (let ((diagnostics (append (plist-get params :diagnostics) nil)))
                  (push (list (plist-get params :uri) (plist-get params :version)
                              (length diagnostics)
                              (cl-count "HY0106" diagnostics
                                        :key (lambda (d) (plist-get d :code)) :test #'equal))
                        hyoka-test--published)))))

;;; Set-up

(defvar hyoka-test--tmp (make-temp-file "hyoka-eglot-" t))
(defvar hyoka-test--dir
  (expand-file-name "令和5年度 政策評価/施策Ⅰ-2 北米地域外交（テスト）" hyoka-test--tmp))
(make-directory hyoka-test--dir t)
(dolist (name '("evaluation.hyoka" "plan.hyoka" "budget-sheet.hyoka"))
  (copy-file (expand-file-name (concat "examples/mofa-I-2/" name) hyoka-test--repo)
             (expand-file-name name hyoka-test--dir)))

(defun hyoka-test--finish ()
  (hyoka-test--out "%d passed, %d failed" hyoka-test--passed hyoka-test--failed)
  (ignore-errors (eglot-shutdown-all))
  (delete-directory hyoka-test--tmp t)
  (kill-emacs (if (and (zerop hyoka-test--failed) (> hyoka-test--passed 0)) 0 1)))

(defun hyoka-test--main ()
  ;; The root must come from the last rule (the file's folder).
  (let ((above (or (locate-dominating-file hyoka-test--dir "hyoka.toml")
                   (locate-dominating-file hyoka-test--dir ".git"))))
    (when above
      (hyoka-test--check "set-up" nil "the temporary folder is below %s (set TMPDIR elsewhere)" above)
      (hyoka-test--finish)))

  ;; What the command line reports for the same folder is what the editor must show.
  (let* ((cli (with-temp-buffer
                (call-process hyoka-executable nil '(t nil) nil
                              "check" "--format" "json" hyoka-test--dir)
                (goto-char (point-min))
                (condition-case err
                    (json-parse-buffer :object-type 'plist :array-type 'list)
                  (error (hyoka-test--check "hyoka check" nil "no JSON from %s: %S %s"
                                            hyoka-executable err
                                            (buffer-substring (point-min) (min (point-max) 300)))
                         (hyoka-test--finish)))))
         (want (sort (cl-loop for d in cli
                              when (string-suffix-p "/evaluation.hyoka" (plist-get d :path))
                              collect (format "%04d %s"
                                              (1+ (plist-get (plist-get (plist-get d :range) :start) :line))
                                              (plist-get d :code)))
                     #'string<))
         (want-hy0106 (hyoka-test--count want "HY0106"))
         (file (expand-file-name "evaluation.hyoka" hyoka-test--dir))
         server proc)
    (hyoka-test--out "# hyoka check: %d diagnostics in evaluation.hyoka, %d HY0106"
                     (length want) want-hy0106)
    (when (zerop want-hy0106)
      (hyoka-test--check "hyoka check" nil "no HY0106 in evaluation.hyoka: the example changed?"))

    ;; The mode.
    (find-file file)
    (hyoka-test--check "major mode" (eq major-mode 'hyoka-mode) "major mode is %s" major-mode)
    (font-lock-ensure)
    ;; Faces: `# 政策評価書 …', `@年度: …', a table row, a `//' comment.
    (let (bad)
      (pcase-dolist (`(,regexp ,offset ,face)
                     '(("^# 政策評価書" 0 hyoka-marker-face) ("^# 政策評価書" 2 hyoka-keyword-face)
                       ("^# 政策評価書" 10 hyoka-heading-face) ("^@年度" 0 hyoka-marker-face)
                       ("^@年度" 1 hyoka-attribute-key-face) ("^| 当初予算" 0 hyoka-marker-face)
                       ("^| 当初予算" 10 hyoka-marker-face) ("^// " 3 font-lock-comment-face)))
        (goto-char (point-min))
        (re-search-forward regexp)
        (let ((got (get-text-property (+ (line-beginning-position) offset) 'face)))
          (unless (eq got face)
            (push (format "%s +%d: %S, not %S" regexp offset got face) bad))))
      (hyoka-test--check "font-lock" (null bad) "%s" (nreverse bad)))
    (goto-char (point-min))
    (re-search-forward "^// ")
    (hyoka-test--check "comment syntax" (nth 4 (syntax-ppss))
                       "line %d is not a comment" (line-number-at-pos))
    (let ((commented (with-temp-buffer
                       (hyoka-mode)
                       (insert "本文の行\n")
                       (comment-region (point-min) (point-max))
                       (buffer-string))))
      (hyoka-test--check "comment-region" (equal commented "// 本文の行\n") "got %S" commented))
    (goto-char (point-min))
    (re-search-forward "https?://")
    (hyoka-test--check "// in prose is not a comment" (not (nth 4 (syntax-ppss)))
                       "line %d: %s" (line-number-at-pos)
                       (buffer-substring (line-beginning-position) (line-end-position)))

    ;; The other rules of the root: the nearest hyoka.toml, else the project
    ;; (.git, a folder or a file as in a git worktree).
    (let* ((roots (expand-file-name "roots, 試験/" hyoka-test--tmp))
           (bad nil))
      (dolist (dir '("repo/.git" "repo/policy/sub" "repo/other" "worktree/a"))
        (make-directory (expand-file-name dir roots) t))
      (write-region "" nil (expand-file-name "repo/policy/hyoka.toml" roots))
      (write-region "gitdir: /elsewhere\n" nil (expand-file-name "worktree/.git" roots))
      (pcase-dolist (`(,dir ,want) '(("repo/policy/sub/" "repo/policy/") ("repo/policy/" "repo/policy/")
                                     ("repo/other/" "repo/") ("worktree/a/" "worktree/")))
        (with-temp-buffer
          (hyoka-mode)
          (let* ((default-directory (expand-file-name dir roots))
                 (got (file-name-as-directory
                       (expand-file-name (project-root (eglot--current-project))))))
            (unless (equal got (expand-file-name want roots))
              (push (format "%s -> %s" dir got) bad)))))
      (hyoka-test--check "project root: hyoka.toml, then .git" (null bad) "%s" bad))

    ;; The server: `eglot-ensure' (from the mode hook) connects after the command.
    (run-hooks 'post-command-hook)
    (hyoka-test--wait 10 #'eglot-current-server)
    (setq server (eglot-current-server))
    (unless (hyoka-test--check "eglot-ensure starts the server" server "no server")
      (hyoka-test--finish))
    (setq proc (jsonrpc--process server))
    (let ((root (project-root (eglot--project server))))
      (hyoka-test--check "project root is the file's folder"
                         (equal (file-name-as-directory (expand-file-name root))
                                (file-name-as-directory hyoka-test--dir))
                         "got %s" root))

    ;; Diagnostics: the same lines and codes as `hyoka check'.
    (hyoka-test--wait 20 (lambda () (>= (length (flymake-diagnostics)) (length want))))
    (let ((got (hyoka-test--diagnostics)))
      (hyoka-test--check (format "diagnostics: %d, %d HY0106" (length want) want-hy0106)
                         (equal got want)
                         "got %d (%d HY0106), want %d (%d HY0106); missing: %s; extra: %s"
                         (length got) (hyoka-test--count got "HY0106") (length want) want-hy0106
                         (cl-set-difference want got :test #'equal)
                         (cl-set-difference got want :test #'equal)))

    ;; Type a character at the start of a prose line that has a HY0106; once
    ;; the diagnostics of that version arrive, every HY0106 is still there.
    (goto-char (point-min))
    (forward-line 423)
    (insert "あ")
    (hyoka-test--run-idle-timers)
    (let ((version eglot--versioned-identifier))
      (hyoka-test--wait 10 (lambda ()
                             (cl-some (lambda (p) (and (string-suffix-p "/evaluation.hyoka" (car p))
                                                       (eql (nth 1 p) version)))
                                      hyoka-test--published)))
      ;; Flymake takes the new list when it next asks the backend.
      (hyoka-test--run-idle-timers)
      (hyoka-test--wait 2 (lambda () (>= (length (flymake-diagnostics)) (length want))))
      (let ((got (hyoka-test--diagnostics))
            (published (cl-find-if (lambda (p) (string-suffix-p "/evaluation.hyoka" (car p)))
                                   hyoka-test--published)))
        (hyoka-test--check "edit: diagnostics of the new version" (eql (nth 1 published) version)
                           "last publish (uri version count HY0106) %S, buffer version %s"
                           published version)
        (hyoka-test--check (format "edit: still %d HY0106" want-hy0106)
                           (and (equal got want)
                                (equal (cddr published) (list (length want) want-hy0106)))
                           "Flymake has %d (%d HY0106), the last publish %S; missing: %s"
                           (length got) (hyoka-test--count got "HY0106") (cddr published)
                           (cl-set-difference want got :test #'equal))))

    ;; Hover on the heading of 測定指標 1-1, through Eldoc's hover function.
    (goto-char (point-min))
    (re-search-forward "^### 測定指標 1-1")
    (goto-char (+ (line-beginning-position) 4))
    (let (hover)
      (eglot-hover-eldoc-function (lambda (info &rest _) (setq hover (or info ""))))
      (hyoka-test--wait 5 (lambda () hover))
      (hyoka-test--check "hover: the indicator" (and hover (string-match-p "測定指標1-1" hover))
                         "got %S" (and hover (substring hover 0 (min 200 (length hover))))))

    ;; Go to definition from the citation 「…（達成手段①）」 of line 424.
    (goto-char (point-min))
    (forward-line 423)
    (search-forward "達成手段①" (line-end-position))
    (goto-char (match-beginning 0))
    (let ((this-command 'xref-find-definitions))
      (condition-case err
          (call-interactively #'xref-find-definitions)
        (error (hyoka-test--out "# xref-find-definitions: %S" err)))
      ;; As after any command (plan.hyoka's `eglot-ensure' is waiting there).
      (run-hooks 'post-command-hook))
    (hyoka-test--check "definition: 達成手段① in plan.hyoka"
                       (and buffer-file-name
                            (equal (file-name-nondirectory buffer-file-name) "plan.hyoka")
                            (= (line-number-at-pos) 126)
                            (looking-at-p "北米諸国との政治分野での協力推進"))
                       "now in %s line %d: %s" (buffer-name) (line-number-at-pos)
                       (buffer-substring (line-beginning-position)
                                         (min (line-end-position) (+ (line-beginning-position) 60))))
    ;; The file opened by the jump is in the same folder, so the same server
    ;; manages it (a second server would not see its edits, nor the first
    ;; server the plan's).
    (hyoka-test--check "definition: plan.hyoka managed by the same server"
                       (and (equal buffer-file-name (expand-file-name "plan.hyoka" hyoka-test--dir))
                            (eq (eglot-current-server) server))
                       "buffer file %S, default-directory %S, server %S"
                       buffer-file-name default-directory
                       (and (eglot-current-server) (jsonrpc-name (eglot-current-server))))
    (switch-to-buffer (get-file-buffer file))

    ;; Shut down.  Eglot sends `shutdown', then `exit', then deletes the
    ;; process at once; the test lets the server exit on its own first, to
    ;; see its status.
    (let* ((wait-for-exit (lambda (p &rest _)
                            (when (eq p proc)
                              (hyoka-test--wait 3 (lambda () (not (process-live-p p)))))))
           (shutdown-error nil))
      (advice-add 'delete-process :before wait-for-exit)
      (unwind-protect
          (condition-case err
              (eglot-shutdown server)
            (error (setq shutdown-error err)))
        (advice-remove 'delete-process wait-for-exit))
      (hyoka-test--check "eglot-shutdown: shutdown answered" (null shutdown-error)
                         "%S" shutdown-error)
      (hyoka-test--wait 3 (lambda () (not (process-live-p proc))))
      (hyoka-test--check "exit: status 0"
                         (and (eq (process-status proc) 'exit) (zerop (process-exit-status proc)))
                         "process %s, status %s" (process-status proc) (process-exit-status proc))
      (hyoka-test--check "no server left" (null (eglot-current-server))
                         "%S" (eglot-current-server)))

    ;; Start again with settings (as the README gives them): HY0204 off.
    (setq-default eglot-workspace-configuration '(:hyoka (:checks (:HY0204 "off"))))
    (let ((want-off (cl-remove-if (lambda (p) (string-suffix-p " HY0204" p)) want)))
      (setq hyoka-test--published nil)
      (eglot-ensure)
      (run-hooks 'post-command-hook)
      (hyoka-test--wait 10 #'eglot-current-server)
      ;; The server publishes once it has read the folder; Flymake takes
      ;; the list when it next asks the backend, which the command loop
      ;; would make it do: ask it until the list is there.
      (hyoka-test--wait 20 (lambda ()
                             (cl-some (lambda (p) (string-suffix-p "/evaluation.hyoka" (car p)))
                                      hyoka-test--published)))
      (let ((settled (lambda ()
                       (let ((got (hyoka-test--diagnostics)))
                         (and got (zerop (hyoka-test--count got "HY0204"))
                              (>= (length got) (length want-off))))))
            (tries 0))
        (while (and (< tries 20) (not (funcall settled)))
          (cl-incf tries)
          (hyoka-test--run-idle-timers)
          (when (bound-and-true-p flymake-mode) (flymake-start))
          (hyoka-test--wait 1 settled)))
      (let ((got (hyoka-test--diagnostics))
            (servers (and (eglot-current-server)
                          (gethash (eglot--project (eglot-current-server)) eglot--servers-by-project))))
        (hyoka-test--check "restart: one server" (= (length servers) 1) "%d servers" (length servers))
        (hyoka-test--check (format "restart with settings: %d, no HY0204" (length want-off))
                           (equal got want-off)
                           "got %d (%d HY0204, %d HY0106); published (uri version count HY0106), last first: %S" (length got)
                           (hyoka-test--count got "HY0204") (hyoka-test--count got "HY0106")
                           (mapcar (lambda (p) (cons (file-name-nondirectory (car p)) (cdr p))) hyoka-test--published))))
    (hyoka-test--finish)))

(condition-case err
    (hyoka-test--main)
  (error
   (hyoka-test--check "test script" nil "%S" err)
   (hyoka-test--finish)))

;;; test-eglot.el ends here
