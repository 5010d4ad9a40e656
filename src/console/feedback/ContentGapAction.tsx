/**
 * The action on a content-gap row: a search that found nothing becomes a
 * DRAFT, through the console's ordinary draft API, so it is reviewed and
 * published like any other change: either an alias on a guide staff choose
 * (the guide's current text plus the words), or a 俗语词条 (lexicon entry)
 * with the words as the resident's term, whose catalogue words staff fill in
 * on the draft page. Nothing is published from here.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api-error';
import { useSession } from '../app/session';
import { call, client, params } from '../client';
import { recordTitle } from '../format';
import { navigate } from '../router';

type Mode = null | 'guide';

export function ContentGapAction(props: { words: string; count: number }) {
  const { user } = useSession();
  const [mode, setMode] = useState<Mode>(null);
  const [guides, setGuides] = useState<{ id: string; name: string }[] | null>(null);
  const [guideId, setGuideId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldId = `gap-guide-${encodeURIComponent(props.words)}`;

  useEffect(() => {
    if (mode !== 'guide' || guides) return;
    void call(client.records[':type'].$get({ param: { type: 'guide' }, query: { pageSize: '500' } }))
      .then((r) =>
        // Only guides this user may edit: a draft on any other would be refused.
        setGuides(r.records.filter((g) => g.editable).map((g) => ({ id: String(g.record.id), name: recordTitle(g.record) }))),
      )
      .catch((e: unknown) => setProblem(e instanceof Error ? e.message : '指南列表读取失败'));
  }, [mode, guides]);

  const run = async (create: () => Promise<string>) => {
    setBusy(true);
    setProblem(null);
    try {
      navigate(`/drafts/${await create()}`);
    } catch (err) {
      // The guide already has a draft in progress: the words go there instead of a second draft.
      if (err instanceof ApiError && err.body.error === 'open-draft-exists' && err.body.draftId)
        setProblem(`这条指南已有未完成的草稿，请在那份草稿里加上“${props.words}”。`);
      else setProblem(err instanceof Error ? err.message : '草稿创建失败');
      setBusy(false);
    }
  };

  const lexiconDraft = () =>
    run(async () => {
      const r = await call(
        client.drafts.$post({
          json: {
            type: 'lexicon',
            // A department's editor may only draft entries for their department (the draft page can change it).
            data: {
              term: props.words,
              means: [],
              departmentId: user.departments?.[0] ?? null,
              note: `来自内容缺口报表：居民搜索“${props.words}”${props.count} 次没有结果`,
            },
          },
        }),
      );
      return r.draft.id;
    });

  const aliasDraft = () =>
    run(async () => {
      if (!guideId) throw new Error('请先选择指南');
      const { draft } = await call(client.drafts.$post({ json: { type: 'guide', id: guideId } }));
      const aliases = 'aliases' in draft.data && Array.isArray(draft.data.aliases) ? (draft.data.aliases as string[]) : [];
      if (!aliases.includes(props.words))
        await call(
          client.drafts[':id'].$put({
            param: params({ id: draft.id }),
            json: { data: { ...draft.data, aliases: [...aliases, props.words] }, revision: draft.revision },
          }),
        );
      return draft.id;
    });

  return (
    <div class="content-gap-action">
      <div class="button-group">
        <button type="button" class="button button--secondary button--small" disabled={busy} onClick={() => setMode(mode ? null : 'guide')}>
          加为指南俗称…
        </button>
        <button type="button" class="button button--secondary button--small" disabled={busy} onClick={() => void lexiconDraft()}>
          起草俗语词条
        </button>
      </div>
      {mode === 'guide' && (
        <div class="content-gap-pick">
          <label for={fieldId}>把“{props.words}”加到哪条指南</label>
          <select id={fieldId} value={guideId} onChange={(e) => setGuideId(e.currentTarget.value)}>
            <option value="">{guides ? '请选择' : '正在读取…'}</option>
            {(guides ?? []).map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
          <button type="button" class="button button--primary button--small" disabled={busy || !guideId} onClick={() => void aliasDraft()}>
            创建草稿
          </button>
        </div>
      )}
      {problem && (
        <p class="error-message" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
