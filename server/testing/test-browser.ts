/**
 * For sign-in tests: a browser as far as the identity provider's pages and ours need one. It keeps
 * cookies per origin, sees redirects one by one, and lets apps answer for their origin without a
 * port (everything else goes over the network).
 */
export type Answerer = (request: Request) => Response | Promise<Response>;

export interface Visit {
  status: number;
  text: string;
  /** Absolute. */
  location: string | null;
  /** Where this answer came from. */
  url: string;
  setCookies: string[];
}

export function testBrowser(apps: Record<string, Answerer> = {}) {
  const jars = new Map<string, Map<string, string>>();
  const jar = (origin: string) => {
    const cookies = jars.get(origin) ?? new Map<string, string>();
    jars.set(origin, cookies);
    return cookies;
  };

  async function visit(url: string, init: RequestInit = {}): Promise<Visit> {
    const { origin } = new URL(url);
    const cookies = jar(origin);
    const headers = new Headers(init.headers);
    if (cookies.size > 0) {
      headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const request = new Request(url, { ...init, headers, redirect: 'manual' });
    const app = apps[origin];
    const response = await (app === undefined ? fetch(request) : app(request));
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const gone = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute));
      if (gone) cookies.delete(name);
      else cookies.set(name, pair.slice(at + 1));
    }
    const location = response.headers.get('location');
    return {
      status: response.status,
      text: await response.text(),
      location: location === null ? null : new URL(location, url).href,
      url,
      setCookies,
    };
  }

  return {
    visit,
    /** Visits and follows redirects while `stay` holds for where they lead. */
    async follow(url: string, stay: (next: string) => boolean = () => true): Promise<Visit> {
      let answer = await visit(url);
      while (answer.location !== null && stay(answer.location)) {
        answer = await visit(answer.location);
      }
      return answer;
    },
    /** Posts a form as the page at `url` would. */
    submit(url: string, fields: Record<string, string>, origin = new URL(url).origin) {
      return visit(url, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    },
    cookie: (origin: string, name: string) => jar(origin).get(name),
    setCookie: (origin: string, name: string, value: string) => {
      jar(origin).set(name, value);
    },
  };
}

export type TestBrowser = ReturnType<typeof testBrowser>;
