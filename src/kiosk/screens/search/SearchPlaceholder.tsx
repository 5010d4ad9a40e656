/** Stands in at /search until the search feature's own screen is built. */
import { Link } from '@tanstack/react-router';
import { useKioskUi } from '../../app/ui-state';

export default function SearchPlaceholder() {
  const { t } = useKioskUi();
  return (
    <div class="screen">
      <h1>{t('searchTitle')}</h1>
      <p class="lead">{t('searchComingSoon')}</p>
      <Link to="/guides" className="button button-primary button-large">
        {t('tileGuides')}
      </Link>
    </div>
  );
}
