/** An official's portrait from the kiosk's media store; their initial until it has downloaded. */
import { useEffect, useState } from 'preact/hooks';
import type { Official } from '../../../shared/content';
import { useServices } from '../../app/services';

export function OfficialPhoto(props: { official: Official }) {
  const { reader, engine } = useServices();
  const { photo, name } = props.official;
  const [url, setUrl] = useState<string | undefined>();
  useEffect(() => {
    if (!photo) return;
    let alive = true;
    const load = () =>
      void reader.mediaUrl(photo.sha256).then(
        (u) => alive && setUrl(u),
        () => undefined,
      );
    load();
    // Media arrives after the records on a first sync; look again when something is applied.
    const off = engine.onApplied(load);
    return () => {
      alive = false;
      off();
    };
  }, [reader, engine, photo?.sha256]);
  if (url) return <img class="duty-photo" src={url} alt={photo?.alt || name} width={120} height={150} />;
  return (
    // The initial is part of the name, which is content: marked like the name beside it.
    <span class="duty-photo" aria-hidden="true" lang="zh-Hans">
      {name.slice(0, 1)}
    </span>
  );
}
