import { render, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { beforeAll, expect, test, vi } from 'vitest';
import { ShortcutsHint } from '#src/features/sessions/shortcuts/shortcuts-hint.tsx';

const scrollIntoView = vi.fn();

// jsdom has no modal dialogs: just enough of one (open, close with its event, Escape) to test
// the page's side; the real one is checked in Chromium by e2e/shortcuts.spec.ts.
beforeAll(() => {
  HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
    this.open = true;
    this.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close();
    });
  };
  HTMLDialogElement.prototype.close = function (this: HTMLDialogElement) {
    this.open = false;
    this.dispatchEvent(new Event('close'));
  };
  Element.prototype.scrollIntoView = scrollIntoView;
});

/** A list page in miniature: filters, a search field, three row links, and the shortcuts. */
function renderList() {
  render(
    <div>
      <section aria-label="Filters" data-list-filters>
        <label>
          <input type="checkbox" /> Incident
        </label>
        <label>
          <input type="checkbox" /> Closed
        </label>
      </section>
      <label>
        Note <input type="text" />
      </label>
      <table>
        <tbody>
          {['ES1', 'ES2', 'ES3'].map((sid) => (
            <tr key={sid}>
              <th scope="row">
                <a href={`#${sid}`}>{sid}</a>
              </th>
            </tr>
          ))}
        </tbody>
      </table>
      <ShortcutsHint />
    </div>,
  );
  return { user: userEvent.setup() };
}

const link = (sid: string) => screen.getByRole('link', { name: sid });

test('j and k move focus down and up the rows, stopping at the ends', async () => {
  const { user } = renderList();
  await user.keyboard('j');
  await waitFor(() => expect(link('ES1')).toHaveFocus());
  await user.keyboard('jj');
  await waitFor(() => expect(link('ES3')).toHaveFocus());
  await user.keyboard('j');
  await waitFor(() => expect(link('ES3')).toHaveFocus());
  await user.keyboard('k');
  await waitFor(() => expect(link('ES2')).toHaveFocus());
  expect(scrollIntoView).toHaveBeenCalledWith({ block: 'nearest' });
});

test('the arrow keys move between rows once focus is on one', async () => {
  const { user } = renderList();
  await user.keyboard('{ArrowDown}');
  // Not from elsewhere: there the arrows scroll the page as usual.
  expect(document.body).toHaveFocus();
  link('ES1').focus();
  await user.keyboard('{ArrowDown}{ArrowDown}');
  await waitFor(() => expect(link('ES3')).toHaveFocus());
  await user.keyboard('{ArrowUp}');
  await waitFor(() => expect(link('ES2')).toHaveFocus());
});

test('a shortcut typed into a field is just typing', async () => {
  const { user } = renderList();
  const note = screen.getByRole('textbox', { name: 'Note' });
  await user.click(note);
  await user.keyboard('jk/?');
  expect(note).toHaveFocus();
  expect(note).toHaveValue('jk/?');
  expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
});

test('no shortcut with Ctrl, Alt or Meta held', async () => {
  const { user } = renderList();
  await user.keyboard('{Control>}j{/Control}{Alt>}j{/Alt}{Meta>}j{/Meta}');
  expect(document.body).toHaveFocus();
});

test('/ focuses the first filter; from a status checkbox, j goes to the rows', async () => {
  const { user } = renderList();
  await user.keyboard('/');
  await waitFor(() => expect(screen.getByRole('checkbox', { name: 'Incident' })).toHaveFocus());
  await user.keyboard(' ');
  await user.keyboard('j');
  await waitFor(() => expect(link('ES1')).toHaveFocus());
});

test('? opens the list of shortcuts; Escape closes it and focus returns', async () => {
  const { user } = renderList();
  await user.keyboard('jj');
  await user.keyboard('?');
  const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
  expect(screen.getByRole('heading', { name: 'Keyboard shortcuts' })).toBeInTheDocument();
  expect(dialog).toHaveTextContent('Next session');
  expect(dialog).toHaveTextContent('Go to the filters');
  // No row moves under an open dialog.
  await user.keyboard('j');
  await user.keyboard('{Escape}');
  await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  await waitFor(() => expect(link('ES2')).toHaveFocus());
});

test('the Close button closes the dialog too', async () => {
  const { user } = renderList();
  await user.keyboard('?');
  await user.click(await screen.findByRole('button', { name: 'Close' }));
  await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
});

test('a hint says the shortcuts exist', () => {
  renderList();
  expect(screen.getByText('Press ? for keyboard shortcuts.')).toBeInTheDocument();
});
