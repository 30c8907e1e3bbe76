export const id = 462;
export const ids = [462];
export const modules = {

/***/ 4462:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   activeRunIssues: () => (/* binding */ activeRunIssues),
/* harmony export */   labelledIssues: () => (/* binding */ labelledIssues)
/* harmony export */ });
/** Open issues (not pull requests) carrying `label`, ascending. */
async function labelledIssues(client, repo, label) {
    const items = await client.paginate("GET /repos/{owner}/{repo}/issues", {
        owner: repo.owner,
        repo: repo.repo,
        labels: label,
        state: "open",
        per_page: 100,
    });
    return items
        .filter((i) => i.pull_request === undefined || i.pull_request === null)
        .map((i) => i.number)
        .sort((x, y) => x - y);
}
const RUN_NAME = /^foreman #([1-9][0-9]*)(?:\s|$)/;
/** Issues served by Foreman runs queued or in progress (the latest 100 of each), other than `exceptRunId`. */
async function activeRunIssues(client, repo, exceptRunId) {
    const out = new Set();
    for (const status of ["in_progress", "queued"]) {
        const { data } = await client.request("GET /repos/{owner}/{repo}/actions/runs", { owner: repo.owner, repo: repo.repo, status, per_page: 100 });
        for (const run of data.workflow_runs) {
            if (run.id === exceptRunId)
                continue;
            const m = RUN_NAME.exec(run.display_title);
            if (m?.[1] !== undefined)
                out.add(Number(m[1]));
        }
    }
    return out;
}


/***/ })

};
