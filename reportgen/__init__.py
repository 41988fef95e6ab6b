"""reportgen: a county's 控辍保学 case ledger turned into the documents the law and inspectors ask for."""

__version__ = "0.1.0"
