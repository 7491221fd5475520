/** What the server tells the browser about itself: which upstream it reads and, in demo mode, where to start. */
import { z } from 'zod';

/** A ready link into the dashboard that the demo upstream can answer; faults show error screens. */
export const demoLinkSchema = z.object({
  kind: z.enum(['dashboard', 'fault']),
  label: z.string(),
  description: z.string(),
  path: z.string(),
});

export type DemoLink = z.infer<typeof demoLinkSchema>;

/** GET /api/server-info. */
export const serverInfoSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('upstream') }),
  z.object({ mode: z.literal('demo'), demoLinks: z.array(demoLinkSchema) }),
]);

export type ServerInfo = z.infer<typeof serverInfoSchema>;
