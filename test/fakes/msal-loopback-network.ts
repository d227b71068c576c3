/** The slice of MSAL's `INetworkModule` (`system.networkClient`) this helper implements. */
export interface MsalNetworkClient {
  sendGetRequestAsync<T>(url: string, options?: MsalRequestOptions): Promise<MsalNetworkResponse<T>>;
  sendPostRequestAsync<T>(url: string, options?: MsalRequestOptions): Promise<MsalNetworkResponse<T>>;
}

export interface MsalRequestOptions {
  headers?: Record<string, string>;
  body?: string;
}

export interface MsalNetworkResponse<T> {
  headers: Record<string, string>;
  body: T;
  status: number;
}

/**
 * An MSAL network client that sends every request to `origin` (a FakeMicrosoftLogin) instead of
 * the host in the URL, keeping path and query. Why: MSAL refuses `http://` authorities
 * (`authority_uri_insecure`) and, for a host it does not know, first asks
 * login.microsoftonline.com for instance discovery, so a local token endpoint cannot be reached by
 * setting a URL. Keeping the real `https://login.microsoftonline.com/<tenant>` authority and
 * swapping only the transport avoids both. Pass it as
 * `new ConfidentialClientApplication({ auth, system: { networkClient } })`.
 */
export function loopbackMsalNetworkClient(origin: string): MsalNetworkClient {
  const send = async <T>(method: 'GET' | 'POST', url: string, options: MsalRequestOptions = {}): Promise<MsalNetworkResponse<T>> => {
    const target = new URL(url);
    const response = await fetch(`${origin}${target.pathname}${target.search}`, { method, headers: options.headers, body: options.body });
    return { status: response.status, headers: Object.fromEntries(response.headers), body: parseBody(await response.text(), response.status) as T };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

/** Like MSAL's own HTTP client: a body that is not JSON (an outage page) becomes an error object. */
function parseBody(text: string, status: number): unknown {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return { error: status >= 500 ? 'server_error' : 'invalid_response', error_description: text };
  }
}
