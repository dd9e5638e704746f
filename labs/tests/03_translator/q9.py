from otter.test_files import test_case

OK_FORMAT = False

name = "q9"
points = 2

@test_case(points=None, hidden=False)
def test_corpus_scores_with_several_references(corpus_scores):
    assert corpus_scores is not None, 'run the cell that defines corpus_scores first'
    hypotheses = ['le chat dort sur le lit .', "j'ai faim ."]
    references = [['le chat dort sur le lit .'], ['je suis affamé .', "j'ai faim ."]]
    try:
        scores = corpus_scores(hypotheses, references)
    except Exception as error:
        raise AssertionError(f'corpus_scores raised {type(error).__name__}: {error}. Build one stream per reference position, with None where a sentence has fewer references') from None
    assert scores is not None, 'corpus_scores returned None: replace the ... in its body with your code, and return the result'
    assert isinstance(scores, dict) and set(scores) == {'BLEU', 'chrF'}, "return a dict with the keys 'BLEU' and 'chrF'"
    assert abs(scores['BLEU'] - 100) < 1e-06 and abs(scores['chrF'] - 100) < 1e-06, f'each hypothesis is identical to one of its references, so BLEU and chrF are 100; got {scores}. Is the second reference of the second sentence in the second stream?'

@test_case(points=None, hidden=False)
def test_corpus_scores_match_sacrebleu(corpus_scores, sacrebleu):
    assert corpus_scores is not None, 'run the cell that defines corpus_scores first'
    hypotheses = ["il fait beau aujourd'hui .", 'tom a un chien noir .', 'où est la gare ?']
    references = [["il fait beau aujourd'hui ."], ['tom a un chat noir .', 'tom possède un chat noir .'], ['où se trouve la gare ?']]
    scores = corpus_scores(hypotheses, references)
    assert scores is not None, 'corpus_scores returned None: replace the ... in its body with your code, and return the result'
    assert isinstance(scores, dict), "corpus_scores should return a dict {'BLEU': ..., 'chrF': ...}"
    streams = [[refs[0] for refs in references], [None, references[1][1], None]]
    bleu = sacrebleu.corpus_bleu(hypotheses, streams).score
    if abs(scores['BLEU'] - sacrebleu.corpus_bleu(hypotheses, [[refs[0] for refs in references]]).score) < 1e-06 and abs(bleu - scores['BLEU']) > 1e-06:
        raise AssertionError('corpus_scores uses only the first reference of each sentence: build one stream per reference position')
    assert abs(scores['BLEU'] - bleu) < 1e-06, f"BLEU should be {bleu:.2f} on this toy corpus, got {scores['BLEU']:.2f}"
    chrf = sacrebleu.corpus_chrf(hypotheses, streams).score
    assert abs(scores['chrF'] - chrf) < 1e-06, f"chrF should be {chrf:.2f} on this toy corpus, got {scores['chrF']:.2f}"
    assert isinstance(scores['BLEU'], float), "return the scores as floats (the .score of sacrebleu's result)"

