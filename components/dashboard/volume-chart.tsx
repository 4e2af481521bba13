'use client';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TDailyPoint } from '@/lib/review/review-dashboard';

/** 14 days of volume (bars) with freeze and decline rates (lines, %). The table beside it is the text alternative. */
export function VolumeChart({ data }: { data: TDailyPoint[] }) {
  const rows = data.map((d) => ({ ...d, label: d.day.slice(5) }));
  return (
    <div className="h-64 w-full" aria-hidden="true">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" className="stroke-border" />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} />
          <YAxis yAxisId="count" allowDecimals={false} tick={{ fontSize: 12 }} width={40} />
          <YAxis yAxisId="rate" orientation="right" unit="%" tick={{ fontSize: 12 }} width={44} />
          <Tooltip />
          <Legend />
          <Bar yAxisId="count" dataKey="total" name="Transactions" fill="var(--color-chart-1, #6366f1)" />
          <Line yAxisId="rate" dataKey="freezeRate" name="Frozen %" stroke="var(--color-chart-2, #f59e0b)" dot={false} />
          <Line yAxisId="rate" dataKey="declineRate" name="Declined %" stroke="var(--color-chart-3, #ef4444)" dot={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
