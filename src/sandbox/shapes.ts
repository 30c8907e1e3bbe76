/**
 * The JSON the stand-in answers with, in GitHub's shapes: every property GitHub's REST
 * description marks required is present, URLs are derived from the stand-in's base URL, times
 * are GitHub's second-precision ISO strings. Routes and webhook payloads share these builders.
 */
import {
  iso,
  type App,
  type CheckRun,
  type Comment,
  type Installation,
  type Issue,
  type IssueEvent,
  type Label,
  type Pull,
  type Reaction,
  type Repo,
  type World,
  type WorkflowRun,
} from "./world.js";

type Json = Record<string, unknown>;

export function userJson(world: World, login: string): Json {
  const user = world.user(login);
  const url = `${world.baseUrl}/users/${encodeURIComponent(user.login)}`;
  return {
    login: user.login,
    id: user.id,
    node_id: `U_${user.id}`,
    avatar_url: `${world.baseUrl}/avatars/${user.id}`,
    gravatar_id: "",
    url,
    html_url: `${world.baseUrl}/${encodeURIComponent(user.login)}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: user.type,
    site_admin: false,
  };
}

export function repoApiUrl(world: World, repo: Repo): string {
  return `${world.baseUrl}/repos/${repo.owner}/${repo.name}`;
}

/** The full `repository` object. */
export function repositoryJson(world: World, repo: Repo): Json {
  return {
    ...repositoryLiteJson(world, repo),
    clone_url: `file://${repo.gitDir}`,
    git_url: `file://${repo.gitDir}`,
    ssh_url: `file://${repo.gitDir}`,
    svn_url: `${world.baseUrl}/${repo.owner}/${repo.name}`,
    mirror_url: null,
    homepage: null,
    language: null,
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues_count: [...repo.issues.values()].filter((i) => i.state === "open").length,
    open_issues: [...repo.issues.values()].filter((i) => i.state === "open").length,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: "public",
    pushed_at: iso(0),
    created_at: iso(0),
    updated_at: iso(0),
    allow_forking: true,
    web_commit_signoff_required: false,
    license: null,
    custom_properties: {},
  };
}

/** The lite `repository` of workflow runs (GitHub's minimal repository: ids, names, owner, API URLs). */
export function repositoryLiteJson(world: World, repo: Repo): Json {
  const url = repoApiUrl(world, repo);
  const templated: Record<string, string> = {
    archive_url: "/{archive_format}{/ref}",
    assignees_url: "/assignees{/user}",
    blobs_url: "/git/blobs{/sha}",
    branches_url: "/branches{/branch}",
    collaborators_url: "/collaborators{/collaborator}",
    comments_url: "/comments{/number}",
    commits_url: "/commits{/sha}",
    compare_url: "/compare/{base}...{head}",
    contents_url: "/contents/{+path}",
    contributors_url: "/contributors",
    deployments_url: "/deployments",
    downloads_url: "/downloads",
    events_url: "/events",
    forks_url: "/forks",
    git_commits_url: "/git/commits{/sha}",
    git_refs_url: "/git/refs{/sha}",
    git_tags_url: "/git/tags{/sha}",
    hooks_url: "/hooks",
    issue_comment_url: "/issues/comments{/number}",
    issue_events_url: "/issues/events{/number}",
    issues_url: "/issues{/number}",
    keys_url: "/keys{/key_id}",
    labels_url: "/labels{/name}",
    languages_url: "/languages",
    merges_url: "/merges",
    milestones_url: "/milestones{/number}",
    notifications_url: "/notifications{?since,all,participating}",
    pulls_url: "/pulls{/number}",
    releases_url: "/releases{/id}",
    stargazers_url: "/stargazers",
    statuses_url: "/statuses/{sha}",
    subscribers_url: "/subscribers",
    subscription_url: "/subscription",
    tags_url: "/tags",
    teams_url: "/teams",
    trees_url: "/git/trees{/sha}",
  };
  return {
    id: repo.id,
    node_id: `R_${repo.id}`,
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    owner: userJson(world, repo.owner),
    private: false,
    html_url: `${world.baseUrl}/${repo.owner}/${repo.name}`,
    description: null,
    fork: false,
    url,
    ...Object.fromEntries(Object.entries(templated).map(([k, v]) => [k, `${url}${v}`])),
  };
}

/** GitHub's reaction roll-up on issues and comments. */
function reactionsJson(world: World, url: string, subject: string): Json {
  const counts: Record<string, number> = { "+1": 0, "-1": 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 };
  let total = 0;
  for (const r of world.reactions) {
    if (r.subject !== subject) continue;
    counts[r.content] = (counts[r.content] ?? 0) + 1;
    total++;
  }
  return { url: `${url}/reactions`, total_count: total, ...counts };
}

export function labelJson(world: World, repo: Repo, label: Label): Json {
  return {
    id: label.id,
    node_id: `LA_${label.id}`,
    url: `${repoApiUrl(world, repo)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    description: label.description,
    default: false,
  };
}

/** A `labeled` or `unlabeled` issue event (GitHub's `labeled-issue-event` shape). */
export function issueEventJson(world: World, repo: Repo, event: IssueEvent): Json {
  const label = repo.labels.get(event.label.toLowerCase());
  return {
    id: event.id,
    node_id: `LE_${event.id}`,
    url: `${repoApiUrl(world, repo)}/issues/events/${event.id}`,
    actor: userJson(world, event.actor),
    event: event.event,
    commit_id: null,
    commit_url: null,
    created_at: iso(event.createdAt),
    performed_via_github_app: null,
    label: { name: event.label, color: label?.color ?? "ededed" },
  };
}

export function issueJson(world: World, repo: Repo, issue: Issue): Json {
  const url = `${repoApiUrl(world, repo)}/issues/${issue.number}`;
  const comments = [...repo.comments.values()].filter((c) => c.issue === issue.number).length;
  return {
    id: issue.id,
    node_id: `I_${issue.id}`,
    url,
    repository_url: repoApiUrl(world, repo),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${world.baseUrl}/${repo.owner}/${repo.name}/${issue.isPull ? "pull" : "issues"}/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: userJson(world, issue.author),
    labels: issue.labels.map((name) => repo.labels.get(name.toLowerCase())).flatMap((l) => (l ? [labelJson(world, repo, l)] : [])),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments,
    closed_at: issue.closedAt === null ? null : iso(issue.closedAt),
    created_at: iso(issue.createdAt),
    updated_at: iso(issue.updatedAt),
    author_association: authorAssociation(world, repo, issue.author),
    reactions: reactionsJson(world, url, `issue:${issue.number}`),
    ...(issue.isPull
      ? {
          pull_request: {
            url: `${repoApiUrl(world, repo)}/pulls/${issue.number}`,
            html_url: `${world.baseUrl}/${repo.owner}/${repo.name}/pull/${issue.number}`,
            diff_url: `${world.baseUrl}/${repo.owner}/${repo.name}/pull/${issue.number}.diff`,
            patch_url: `${world.baseUrl}/${repo.owner}/${repo.name}/pull/${issue.number}.patch`,
            merged_at: null,
          },
        }
      : {}),
  };
}

/** GitHub's `author_association` (not a permission: DESIGN.md). */
export function authorAssociation(world: World, repo: Repo, login: string): string {
  if (login.toLowerCase() === repo.owner.toLowerCase()) return "OWNER";
  return world.role(repo, login) === undefined ? "NONE" : "COLLABORATOR";
}

export function commentJson(world: World, repo: Repo, comment: Comment): Json {
  const url = `${repoApiUrl(world, repo)}/issues/comments/${comment.id}`;
  const issue = repo.issues.get(comment.issue);
  return {
    id: comment.id,
    node_id: `IC_${comment.id}`,
    url,
    html_url: `${world.baseUrl}/${repo.owner}/${repo.name}/${issue?.isPull === true ? "pull" : "issues"}/${comment.issue}#issuecomment-${comment.id}`,
    issue_url: `${repoApiUrl(world, repo)}/issues/${comment.issue}`,
    body: comment.body,
    user: userJson(world, comment.author),
    created_at: iso(comment.createdAt),
    updated_at: iso(comment.updatedAt),
    author_association: authorAssociation(world, repo, comment.author),
    reactions: reactionsJson(world, url, `comment:${comment.id}`),
    performed_via_github_app: null,
  };
}

export function reactionJson(world: World, reaction: Reaction): Json {
  return {
    id: reaction.id,
    node_id: `REA_${reaction.id}`,
    user: userJson(world, reaction.author),
    content: reaction.content,
    created_at: iso(reaction.createdAt),
  };
}

export function appJson(world: World, app: App): Json {
  return {
    id: app.id,
    slug: app.slug,
    node_id: `A_${app.id}`,
    owner: userJson(world, app.owner),
    name: app.name,
    description: null,
    external_url: `${world.baseUrl}/apps/${app.slug}`,
    html_url: `${world.baseUrl}/apps/${app.slug}`,
    created_at: iso(0),
    updated_at: iso(0),
    permissions: { issues: "write", checks: "write", actions: "write", contents: "write", pull_requests: "write", metadata: "read" },
    events: ["issues", "issue_comment", "check_run", "workflow_run", "pull_request"],
  };
}

export function checkRunJson(world: World, repo: Repo, run: CheckRun): Json {
  const url = `${repoApiUrl(world, repo)}/check-runs/${run.id}`;
  const app = world.apps.get(run.appId);
  return {
    id: run.id,
    node_id: `CR_${run.id}`,
    head_sha: run.headSha,
    external_id: run.externalId ?? "",
    url,
    html_url: `${world.baseUrl}/${repo.owner}/${repo.name}/runs/${run.id}`,
    details_url: run.detailsUrl ?? `${world.baseUrl}/${repo.owner}/${repo.name}/runs/${run.id}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: iso(run.startedAt),
    completed_at: run.completedAt === null ? null : iso(run.completedAt),
    output: { ...run.output, annotations_count: 0, annotations_url: `${url}/annotations` },
    name: run.name,
    check_suite: {
      id: run.id + 1,
      node_id: `CS_${run.id + 1}`,
      head_branch: null,
      head_sha: run.headSha,
      status: run.status === "completed" ? "completed" : "in_progress",
      conclusion: run.conclusion,
      url: `${repoApiUrl(world, repo)}/check-suites/${run.id + 1}`,
      before: null,
      after: null,
      pull_requests: [],
      app: app === undefined ? null : appJson(world, app),
      created_at: iso(run.startedAt),
      updated_at: iso(run.completedAt ?? run.startedAt),
    },
    app: app === undefined ? null : appJson(world, app),
    pull_requests: [],
  };
}

export function workflowRunJson(world: World, repo: Repo, run: WorkflowRun): Json {
  const url = `${repoApiUrl(world, repo)}/actions/runs/${run.id}`;
  return {
    id: run.id,
    name: run.displayTitle,
    node_id: `WFR_${run.id}`,
    head_branch: run.ref,
    head_sha: run.headSha,
    path: run.path,
    display_title: run.displayTitle,
    run_number: run.runNumber,
    run_attempt: 1,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: workflowId(run.workflowFile),
    url,
    html_url: `${world.baseUrl}/${repo.owner}/${repo.name}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: iso(run.createdAt),
    updated_at: iso(run.updatedAt),
    run_started_at: iso(run.createdAt),
    actor: userJson(world, run.actor),
    triggering_actor: userJson(world, run.actor),
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${repoApiUrl(world, repo)}/check-suites/${run.id + 1}`,
    check_suite_id: run.id + 1,
    check_suite_node_id: `CS_${run.id + 1}`,
    previous_attempt_url: null,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    workflow_url: `${repoApiUrl(world, repo)}/actions/workflows/${workflowId(run.workflowFile)}`,
    head_commit: {
      id: run.headSha,
      tree_id: run.headSha,
      message: "",
      timestamp: iso(run.createdAt),
      author: { name: "stand-in", email: "stand-in@127.0.0.1" },
      committer: { name: "stand-in", email: "stand-in@127.0.0.1" },
    },
    repository: repositoryLiteJson(world, repo),
    head_repository: repositoryLiteJson(world, repo),
  };
}

/** The `workflow` object of a `workflow_run` webhook. */
export function workflowJson(world: World, repo: Repo, run: WorkflowRun): Json {
  const id = workflowId(run.workflowFile);
  return {
    id,
    node_id: `W_${id}`,
    name: run.workflowFile,
    path: run.path,
    state: "active",
    created_at: iso(0),
    updated_at: iso(0),
    url: `${repoApiUrl(world, repo)}/actions/workflows/${id}`,
    html_url: `${world.baseUrl}/${repo.owner}/${repo.name}/blob/${repo.defaultBranch}/${run.path}`,
    badge_url: `${world.baseUrl}/${repo.owner}/${repo.name}/workflows/${encodeURIComponent(run.workflowFile)}/badge.svg`,
  };
}

/** A stable numeric workflow id for a workflow file name. */
export function workflowId(file: string): number {
  let h = 7;
  for (const ch of file) h = (h * 31 + ch.charCodeAt(0)) % 1_000_000_007;
  return h;
}

export function pullJson(world: World, repo: Repo, pull: Pull, issue: Issue): Json {
  const url = `${repoApiUrl(world, repo)}/pulls/${pull.number}`;
  const html = `${world.baseUrl}/${repo.owner}/${repo.name}/pull/${pull.number}`;
  const issueUrl = `${repoApiUrl(world, repo)}/issues/${pull.number}`;
  const side = (ref: string, sha: string): Json => ({
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: userJson(world, repo.owner),
    repo: repositoryJson(world, repo),
  });
  return {
    url,
    id: pull.id,
    node_id: `PR_${pull.id}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueUrl,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${repoApiUrl(world, repo)}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${repoApiUrl(world, repo)}/statuses/${pull.headSha}`,
    number: pull.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: userJson(world, issue.author),
    body: issue.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: iso(issue.createdAt),
    updated_at: iso(issue.updatedAt),
    closed_at: issue.closedAt === null ? null : iso(issue.closedAt),
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(pull.head, pull.headSha),
    base: side(pull.base, pull.baseSha),
    _links: {
      self: { href: url },
      html: { href: html },
      issue: { href: issueUrl },
      comments: { href: `${issueUrl}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${repoApiUrl(world, repo)}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${repoApiUrl(world, repo)}/statuses/${pull.headSha}` },
    },
    author_association: authorAssociation(world, repo, issue.author),
    auto_merge: null,
    draft: pull.draft,
    merged: false,
    mergeable: null,
    rebaseable: null,
    mergeable_state: "unknown",
    merged_by: null,
    comments: [...repo.comments.values()].filter((c) => c.issue === pull.number).length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 0,
    deletions: 0,
    changed_files: 0,
  };
}

export function installationJson(world: World, installation: Installation): Json {
  const app = world.apps.get(installation.appId);
  const account = world.user(installation.account);
  return {
    id: installation.id,
    account: userJson(world, account.login),
    repository_selection: "selected",
    access_tokens_url: `${world.baseUrl}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${world.baseUrl}/installation/repositories`,
    html_url: `${world.baseUrl}/settings/installations/${installation.id}`,
    app_id: installation.appId,
    app_slug: app?.slug ?? "",
    target_id: account.id,
    target_type: account.type === "Organization" ? "Organization" : "User",
    permissions: app === undefined ? {} : appJson(world, app)["permissions"],
    events: app === undefined ? [] : appJson(world, app)["events"],
    created_at: iso(0),
    updated_at: iso(0),
    single_file_name: null,
    suspended_by: null,
    suspended_at: null,
  };
}
