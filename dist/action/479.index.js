export const id = 479;
export const ids = [479];
export const modules = {

/***/ 7479:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LocalAttemptFiles: () => (/* binding */ LocalAttemptFiles)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2091);
/** Attempt files (task, feedback, prompt, result) in the session's folder, outside the worktree. */



/**
 * Layout: `<sessionDir>/attempts/<n>/<name>`. A name is a plain file name, or one plain folder
 * and a plain file name (`agent-home/models.json`: the config a preset writes for its CLI).
 */
class LocalAttemptFiles {
    sessionDir;
    constructor(sessionDir) {
        this.sessionDir = sessionDir;
    }
    path(n, name) {
        if (!Number.isSafeInteger(n) || n < 1)
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InvalidArgumentError */ .Di("n", `attempt number must be a positive integer, got ${n}`);
        const parts = name.split("/");
        if (parts.length > 2 || parts.some((p) => p === "" || p !== node_path__WEBPACK_IMPORTED_MODULE_1___default().basename(p) || p.startsWith(".")))
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InvalidArgumentError */ .Di("name", `attempt file name "${name}" must be a plain file name (or folder/file)`);
        return node_path__WEBPACK_IMPORTED_MODULE_1___default().join(this.sessionDir, "attempts", String(n), ...parts);
    }
    async write(n, name, content) {
        const file = this.path(n, name);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname(file), { recursive: true });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(file, content, "utf8");
        return file;
    }
    async read(file) {
        try {
            return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(file, "utf8");
        }
        catch (e) {
            if (e instanceof Error && "code" in e && e.code === "ENOENT")
                return null;
            throw e;
        }
    }
}


/***/ })

};
