<?php
// A Laravel app's feature test against @hypersender/mock. The mock is started by
// docs/recipes/hypersender-mock.sh, which exports its URLs and the seeded token;
// config/services.php points the app's Hypersender client at HYPERSENDER_BASE_URL.

namespace Tests\Feature;

use Illuminate\Support\Facades\Http;
use Tests\TestCase;

class QrLoginTest extends TestCase
{
    private function api(): \Illuminate\Http\Client\PendingRequest
    {
        return Http::baseUrl(env('HYPERSENDER_BASE_URL'))
            ->withToken(env('HYPERSENDER_TOKEN'))
            ->acceptJson();
    }

    protected function setUp(): void
    {
        parent::setUp();
        Http::post(env('HYPERSENDER_MOCK_URL') . '/__mock/reset');
    }

    public function test_qr_login_until_working(): void
    {
        $instance = env('HYPERSENDER_INSTANCE_ID');
        $qr = $this->api()->post("/{$instance}/request-new-qr-code");
        $this->assertSame('SCAN_QR_CODE', $qr->json('status'));
        Http::post(env('HYPERSENDER_MOCK_URL') . "/__mock/instances/{$instance}/scan");
        $this->assertSame('WORKING', $this->api()->get("/{$instance}/health")->json('status'));
    }

    public function test_second_qr_in_a_minute_is_429_until_the_clock_moves(): void
    {
        $instance = env('HYPERSENDER_INSTANCE_ID');
        $this->api()->post("/{$instance}/request-new-qr-code");
        $refused = $this->api()->post("/{$instance}/request-new-qr-code");
        $this->assertSame(429, $refused->status());
        $this->assertSame('60', $refused->header('Retry-After'));
        Http::post(env('HYPERSENDER_MOCK_URL') . '/__mock/clock/advance', ['seconds' => 60]);
        $this->assertSame(200, $this->api()->post("/{$instance}/request-new-qr-code")->status());
    }
}
