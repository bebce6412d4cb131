import { editDistance, foldName, nameWords, wordSimilarity } from '../../src/directory/lookup';

describe('lookup scoring', () => {
  it('counts a swapped pair of neighbouring letters as one edit', () => {
    expect(editDistance('ramierz', 'ramirez')).toBe(1);
    expect(editDistance('cehn', 'chen')).toBe(1);
    expect(editDistance('cehn', 'cohen')).toBe(2);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('rates a typed prefix above a typo and a typo above a different word', () => {
    expect(wordSimilarity('smith', 'smith')).toBe(1);
    expect(wordSimilarity('smi', 'smithson')).toBe(0.9);
    expect(wordSimilarity('ramierz', 'ramirez')).toBeCloseTo(1 - 1 / 7);
    expect(wordSimilarity('ramierz', 'ramos')).toBeLessThan(wordSimilarity('ramierz', 'ramirez'));
  });

  it('folds case, accents and apostrophes the way the database folds names', () => {
    expect(nameWords(foldName("Zoë O'Brien-Smith"))).toEqual(['zoe', 'obrien', 'smith']);
    expect(nameWords(foldName('Siobhán  Ó Súilleabháin'))).toEqual(['siobhan', 'o', 'suilleabhain']);
  });
});
