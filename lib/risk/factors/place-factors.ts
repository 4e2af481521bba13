/** Place: a country this customer has not paid from before, and impossible travel between consecutive payments. */
import type { TRiskRuleSet } from '../rule-set-schema';
import type { TRiskFactor, TRiskInput } from '../types';
import { formatDuration, groupThousands } from '../explain-format';
import { haversineKm } from '../haversine';

export function placeFactors({ transaction: t, history: h }: TRiskInput, rules: TRiskRuleSet): TRiskFactor[] {
  const factors: TRiskFactor[] = [];
  const country = t.geoCountry ?? t.merchantCountry;
  if (h.count >= rules.amount.minHistory && h.countries.length > 0 && !h.countries.includes(country)) {
    factors.push({
      code: 'country.unusual',
      weight: rules.weights['country.unusual'],
      explanation: `Paid from ${country}; this customer's ${h.count} earlier payments came from ${h.countries.slice(0, 5).join(', ')}${h.countries.length > 5 ? ' and others' : ''}.`,
    });
  }
  const prev = h.previousLocated;
  if (prev && typeof t.geoLat === 'number' && typeof t.geoLon === 'number') {
    const km = haversineKm(prev, { lat: t.geoLat, lon: t.geoLon });
    const ms = t.occurredAt.getTime() - prev.occurredAt.getTime();
    const kmh = ms > 0 ? km / (ms / 3_600_000) : Number.POSITIVE_INFINITY;
    if (km >= rules.travel.minDistanceKm && kmh > rules.travel.maxSpeedKmh) {
      const speed = Number.isFinite(kmh) ? `${groupThousands(Math.round(kmh))} km/h` : 'no time at all';
      factors.push({
        code: 'travel.impossible',
        weight: rules.weights['travel.impossible'],
        explanation: `${groupThousands(Math.round(km))} km from the previous payment${prev.country ? ` in ${prev.country}` : ''} in ${formatDuration(Math.max(0, ms))}: ${speed}, faster than ${rules.travel.maxSpeedKmh} km/h travel allows.`,
      });
    }
  }
  return factors;
}
