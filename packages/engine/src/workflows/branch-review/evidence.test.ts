import { describe, expect, it } from 'vitest';
import { topRatingsAllowed, withinTopRatingQuota } from './evidence.ts';
import { branchReviewPolicy } from './schema.ts';

describe('hạn mức xếp loại "Hoàn thành xuất sắc nhiệm vụ"', () => {
  const policy = (overrides: object = {}) => branchReviewPolicy.parse(overrides);

  it("is a share of the base's branches, rounded down, and optionally capped by a count", () => {
    expect(topRatingsAllowed(policy(), 10)).toBe(2);
    expect(topRatingsAllowed(policy(), 14)).toBe(2);
    // 29% of 100 is 29, not 28 (floating point would say 28.999…).
    expect(topRatingsAllowed(policy({ topRatingMaxShare: 0.29 }), 100)).toBe(29);
    expect(topRatingsAllowed(policy({ topRatingMaxShare: 0.5, topRatingMaxCount: 3 }), 10)).toBe(3);
  });

  it('limits only the top level, and needs the figures to check it', () => {
    expect(withinTopRatingQuota(policy(), 'good', undefined)).toBe(true);
    expect(withinTopRatingQuota(policy(), 'outstanding', undefined)).toBe(false);
    expect(withinTopRatingQuota(policy(), 'outstanding', { grantedThisYear: 1, branchesInBase: 10 })).toBe(
      true,
    );
    expect(withinTopRatingQuota(policy(), 'outstanding', { grantedThisYear: 2, branchesInBase: 10 })).toBe(
      false,
    );
  });
});
