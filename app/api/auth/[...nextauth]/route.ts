import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { authOptions } from '@/lib/auth/next-auth-options';

type TCtx = { params: Promise<{ nextauth: string[] }> };

async function handle(req: NextRequest, ctx: TCtx): Promise<Response> {
  return NextAuth(req, { params: await ctx.params }, authOptions()) as Promise<Response>;
}

export { handle as GET, handle as POST };
