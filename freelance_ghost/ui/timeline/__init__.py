"""The relationship timeline: the widget (view), its axis, layout, glyphs, paint, style and words."""
