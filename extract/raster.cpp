#include "extract/raster.h"

#include <leptonica/allheaders.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <cstdint>
#include <cstring>
#include <fstream>

namespace juesuan {

void PixDeleter::operator()(Pix* pix) const { pixDestroy(&pix); }

PixPtr render_page(const poppler::page& page, int dpi) {
    poppler::page_renderer renderer;
    renderer.set_image_format(poppler::image::format_argb32);
    renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
    renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
    const poppler::image img = renderer.render_page(&page, dpi, dpi);
    if (!img.is_valid() || img.width() <= 0 || img.height() <= 0) return nullptr;
    const int w = img.width(), h = img.height();
    PixPtr pix(pixCreate(w, h, 32));
    if (!pix) return nullptr;
    pixSetResolution(pix.get(), dpi, dpi);
    const char* src = img.const_data();
    const int stride = img.bytes_per_row();
    l_uint32* dst = pixGetData(pix.get());
    const int wpl = pixGetWpl(pix.get());
    for (int y = 0; y < h; ++y) {
        const auto* row = reinterpret_cast<const uint32_t*>(src + static_cast<ptrdiff_t>(y) * stride);
        l_uint32* out = dst + static_cast<ptrdiff_t>(y) * wpl;
        for (int x = 0; x < w; ++x) {
            // ARGB32 in native order → Leptonica's RGBA word.
            const uint32_t p = row[x];
            out[x] = ((p >> 16) & 0xff) << L_RED_SHIFT | ((p >> 8) & 0xff) << L_GREEN_SHIFT |
                     (p & 0xff) << L_BLUE_SHIFT;
        }
    }
    return pix;
}

bool has_image_signature(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    unsigned char b[8] = {};
    in.read(reinterpret_cast<char*>(b), sizeof b);
    if (in.gcount() < 4) return false;
    const bool png = b[0] == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    const bool jpeg = b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF;
    const bool tiff = (b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0) ||
                      (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42);
    return png || jpeg || tiff;
}

std::vector<PixPtr> read_image_pages(const std::string& path) {
    std::vector<PixPtr> pages;
    l_int32 format = IFF_UNKNOWN;
    if (findFileFormat(path.c_str(), &format) != 0) return pages;
    if (format == IFF_TIFF || format == IFF_TIFF_G4 || format == IFF_TIFF_G3 ||
        format == IFF_TIFF_LZW || format == IFF_TIFF_ZIP || format == IFF_TIFF_PACKBITS ||
        format == IFF_TIFF_RLE || format == IFF_TIFF_JPEG) {
        PIXA* pixa = pixaReadMultipageTiff(path.c_str());
        if (!pixa) return pages;
        const int n = pixaGetCount(pixa);
        for (int i = 0; i < n; ++i) pages.emplace_back(pixaGetPix(pixa, i, L_COPY));
        pixaDestroy(&pixa);
        return pages;
    }
    if (Pix* pix = pixRead(path.c_str())) pages.emplace_back(pix);
    return pages;
}

ImageSize image_size(const Pix* pix, int fallback_dpi) {
    Pix* p = const_cast<Pix*>(pix);
    const int res = pixGetXRes(p);
    return {pixGetWidth(p), pixGetHeight(p), res > 0 ? res : fallback_dpi};
}

}  // namespace juesuan
