// Page images for OCR: PDF pages rendered with poppler, image files (PNG,
// JPEG, TIFF including multi-page TIFF) read with Leptonica. Internal to
// extract/: Leptonica and poppler types never leave this folder.
#pragma once

#include <memory>
#include <string>
#include <vector>

struct Pix;
namespace poppler {
class page;
}

namespace juesuan {

struct PixDeleter {
    void operator()(Pix* pix) const;
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

// 32 bpp RGB image of the page at dpi, the page's rotation applied (the same
// upright space as the text layer). Null when poppler cannot render it.
PixPtr render_page(const poppler::page& page, int dpi);

// True when the file starts like a PNG, JPEG or TIFF image.
bool has_image_signature(const std::string& path);

// Every page of an image file; empty when Leptonica cannot read it.
std::vector<PixPtr> read_image_pages(const std::string& path);

struct ImageSize {
    int width = 0, height = 0;  // pixels
    int dpi = 0;                // pixels per inch
};

// Size and resolution of an image; fallback_dpi when it records none.
ImageSize image_size(const Pix* pix, int fallback_dpi);

}  // namespace juesuan
