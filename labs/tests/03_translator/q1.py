from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_normalise_french_punctuation(normalise):
    assert normalise is not None, 'run the cell that defines normalise first'
    got = normalise("Qu'est-ce que c'est\u202f?")
    assert got is not None, 'normalise returned None: replace the ... in its body with your code, and return the result'
    assert '\u202f' not in got, "the narrow no-break space (U+202F) is still there: replace '\\u202f' by a normal space before splitting"
    assert got == "qu'est-ce que c'est ?", f"""normalise("Qu'est-ce que c'est\\u202f?") gave {got!r}; expected "qu'est-ce que c'est ?" (lower case, the apostrophe and hyphen kept inside words, '?' a token of its own)"""
    got = normalise('Va\xa0!')
    assert got == 'va !', f"normalise('Va\\u00a0!') gave {got!r}; expected 'va !': replace the no-break space U+00A0 too"
    got = normalise('Hello, world.')
    assert got == 'hello , world .', f"normalise('Hello, world.') gave {got!r}; expected 'hello , world .': put spaces around each punctuation mark and collapse double spaces"

@test_case(points=None, hidden=False)
def test_normalise_unicode_and_spaces(normalise):
    assert normalise is not None, 'run the cell that defines normalise first'
    decomposed = 'Le café est fini\u202f!'
    got = normalise(decomposed)
    assert got is not None, 'normalise returned None: replace the ... in its body with your code, and return the result'
    assert got == 'le café est fini !', f"normalise gave {got!r} for a sentence whose é is written as e + a combining accent; expected 'le café est fini !': apply unicodedata.normalize('NFC', text) first, and keep the accent"
    got = normalise('  « Tom  »,   dit-il  ')
    assert got == '« tom » , dit-il', f"normalise('  « Tom  »,   dit-il  ') gave {got!r}; expected '« tom » , dit-il': no spaces at the ends and exactly one space between tokens"
    assert normalise('') == '', "normalise('') should be the empty string"

