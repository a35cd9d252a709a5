import { ApiToken } from '../../accounts/entities/api-token.entity';
import { User } from '../../accounts/entities/user.entity';
import { Html, html } from '../html';
import { MessageKey } from '../i18n/en';
import { fieldLabel } from '../problem-messages';
import { errorSummary, langAttr } from './components';
import { csrfField, href, layout, PageContext } from './layout';
import { FormProblem } from './record-form-pages';

function textField(ctx: PageContext, name: string, type: string, value: string, problems: FormProblem[], autocomplete: string, hint: string | null = null): Html {
  const problem = problems.find((p) => p.field === name);
  const describedBy = [hint ? `${name}-hint` : '', problem ? `${name}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="form-field"><label for="${name}">${fieldLabel(ctx.t, name)}</label>
    ${hint ? html`<p class="hint" id="${name}-hint">${hint}</p>` : ''}
    ${problem ? html`<p class="field-error" id="${name}-error"${langAttr(ctx, problem.lang)}>${problem.message}</p>` : ''}
    <input id="${name}" name="${name}" type="${type}" value="${value}" autocomplete="${autocomplete}" spellcheck="false"${problem ? html` aria-invalid="true"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}></div>`;
}

export interface UsersModel {
  users: User[];
  roles: string[];
  me: string;
  notice: string | null;
  problem: string | null;
  problems: FormProblem[];
  values: Record<string, string>;
}

export function usersPage(ctx: PageContext, m: UsersModel): Html {
  const { t } = ctx;
  const roleOptions = (current: string) => m.roles.map((r) => html`<option value="${r}"${r === current ? html` selected` : ''}>${t.t(`role.${r}` as MessageKey)}</option>`);
  const rolePicker = m.problems.find((p) => p.field === 'role');
  return layout(ctx, {
    title: m.problems.length || m.problem ? t.t('page.problemTitle', { page: t.t('users.title') }) : t.t('users.title'),
    breadcrumb: [{ label: t.t('workspace.title'), path: '/workspace' }, { label: t.t('users.title') }],
    body: html`<h1>${t.t('users.title')}</h1>
      ${m.notice ? html`<p class="success" role="status">${m.notice}</p>` : ''}
      ${errorSummary(ctx, m.problems, m.problem)}
      <p class="lead">${t.t('users.intro')}</p>
      <h2>${t.t('users.create')}</h2>
      <form action="${href(ctx, '/workspace/users')}" method="post" class="record-form" novalidate>${csrfField(ctx)}
        ${textField(ctx, 'email', 'email', m.values.email ?? '', m.problems, 'off')}
        ${textField(ctx, 'displayName', 'text', m.values.displayName ?? '', m.problems, 'off')}
        <div class="form-field"><label for="role">${fieldLabel(t, 'role')}</label>
          ${rolePicker ? html`<p class="field-error" id="role-error">${rolePicker.message}</p>` : ''}
          <select id="role" name="role"${rolePicker ? html` aria-invalid="true" aria-describedby="role-error"` : ''}><option value="">${t.t('field.choose')}</option>${roleOptions(m.values.role ?? '')}</select></div>
        ${textField(ctx, 'password', 'password', '', m.problems, 'new-password', t.t('users.passwordHint'))}
        <button type="submit">${t.t('users.createSubmit')}</button>
      </form>
      <h2>${t.t('users.list')} <span class="count">(${t.number(m.users.length)})</span></h2>
      <ul class="docs">${m.users.map(
        (u) => html`<li><h3>${u.displayName} <span class="count">· ${u.email}</span>${u.id === m.me ? html` <span class="badge">${t.t('users.you')}</span>` : ''}</h3>
          <p>${t.t(`role.${u.role}` as MessageKey)} · ${u.active ? t.t('users.active') : t.t('users.inactive')}</p>
          <div class="actions-row">
            <form action="${href(ctx, `/workspace/users/${u.id}`)}" method="post" class="inline-form">${csrfField(ctx)}
              <label for="role-${u.id}">${fieldLabel(t, 'role')}<span class="visually-hidden">: ${u.email}</span></label>
              <select id="role-${u.id}" name="role">${roleOptions(u.role)}</select>
              <input type="hidden" name="active" value="false">
              <input type="checkbox" id="active-${u.id}" name="active" value="true"${u.active ? html` checked` : ''}><label for="active-${u.id}">${t.t('users.activeLabel')}<span class="visually-hidden">: ${u.email}</span></label>
              <button type="submit" class="secondary button">${t.t('ws.save')}<span class="visually-hidden">: ${u.email}</span></button>
            </form>
            <form action="${href(ctx, `/workspace/users/${u.id}/password`)}" method="post" class="inline-form">${csrfField(ctx)}
              <label for="password-${u.id}">${t.t('users.newPassword')}<span class="visually-hidden">: ${u.email}</span></label>
              <input type="password" id="password-${u.id}" name="password" autocomplete="new-password">
              <button type="submit" class="secondary button">${t.t('users.setPassword')}<span class="visually-hidden">: ${u.email}</span></button>
            </form>
          </div></li>`,
      )}</ul>`,
  });
}

export interface TokensModel {
  tokens: ApiToken[];
  /** Just created: its secret, shown this once. */
  created: { token: string; name: string } | null;
  notice: string | null;
  problem: string | null;
  name: string;
}

export function tokensPage(ctx: PageContext, m: TokensModel): Html {
  const { t } = ctx;
  const live = m.tokens.filter((tk) => !tk.revokedAt);
  const revoked = m.tokens.filter((tk) => tk.revokedAt);
  const row = (tk: ApiToken) => html`<tr><th scope="row">${tk.name}</th><td><code dir="ltr">${tk.prefix}…</code></td><td>${t.date(tk.createdAt)}</td>
    <td>${tk.lastUsedAt ? t.date(tk.lastUsedAt) : t.t('tokens.never')}</td>
    <td>${
      tk.revokedAt
        ? t.t('tokens.revokedOn', { date: t.date(tk.revokedAt) })
        : html`${t.t('tokens.active')} <form action="${href(ctx, '/workspace/tokens/revoke')}" method="post" class="inline-form">${csrfField(ctx)}<input type="hidden" name="id" value="${tk.id}">
          <button type="submit" class="secondary button">${t.t('tokens.revoke')}<span class="visually-hidden">: ${tk.name}</span></button></form>`
    }</td></tr>`;
  return layout(ctx, {
    title: m.problem ? t.t('page.problemTitle', { page: t.t('tokens.title') }) : t.t('tokens.title'),
    breadcrumb: [{ label: t.t('workspace.title'), path: '/workspace' }, { label: t.t('tokens.title') }],
    body: html`<h1>${t.t('tokens.title')}</h1>
      ${m.notice ? html`<p class="success" role="status">${m.notice}</p>` : ''}
      ${
        m.created
          ? html`<div class="success" role="status"><p>${t.t('tokens.created', { name: m.created.name })}</p>
            <p><label for="new-token">${t.t('tokens.secret')}</label></p><p><input id="new-token" class="token" type="text" readonly value="${m.created.token}" spellcheck="false" dir="ltr"></p>
            <p>${t.t('tokens.useIt')}</p><pre dir="ltr" class="wrap"><code>curl -H 'Authorization: Bearer ${m.created.token}' -H 'content-type: application/json' -d '{"query":"{ me { email } }"}' https://&lt;this-site&gt;/graphql</code></pre></div>`
          : ''
      }
      ${errorSummary(ctx, m.problem ? [{ field: 'name', message: m.problem }] : [], null)}
      <p class="lead">${t.t('tokens.intro')}</p>
      <h2>${t.t('tokens.create')}</h2>
      <form action="${href(ctx, '/workspace/tokens')}" method="post" novalidate>${csrfField(ctx)}
        <div class="form-field"><label for="name">${t.t('tokens.name')}</label><p class="hint" id="name-hint">${t.t('tokens.nameHint')}</p>
          ${m.problem ? html`<p class="field-error" id="name-error">${m.problem}</p>` : ''}
          <input id="name" name="name" type="text" value="${m.name}" maxlength="100" aria-describedby="name-hint${m.problem ? ' name-error' : ''}"${m.problem ? html` aria-invalid="true"` : ''}></div>
        <button type="submit">${t.t('tokens.createSubmit')}</button>
      </form>
      <h2>${t.t('tokens.list')} <span class="count">(${t.number(m.tokens.length)})</span></h2>
      ${
        m.tokens.length
          ? html`<div class="table-scroll"><table><caption class="visually-hidden">${t.t('tokens.list')}</caption>
            <thead><tr><th scope="col">${t.t('tokens.name')}</th><th scope="col">${t.t('tokens.prefix')}</th><th scope="col">${t.t('tokens.createdOn')}</th><th scope="col">${t.t('tokens.lastUsed')}</th><th scope="col">${t.t('tokens.state')}</th></tr></thead>
            <tbody>${[...live, ...revoked].map(row)}</tbody></table></div>`
          : html`<p>${t.t('tokens.none')}</p>`
      }`,
  });
}
